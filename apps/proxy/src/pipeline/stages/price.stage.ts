import { GatewayError } from '@aigw/shared-errors';
import { priceSnapshot } from '../../chat/chat-request';
import { required, type PolicyStage } from '../types';

/**
 * The routed model's price, recorded on the row. A client token cannot use a model without one
 * (nothing could be billed); the admin token can.
 */
export const priceStage: PolicyStage = {
  name: 'price',
  run(ctx) {
    const route = required(ctx.route, 'the route', 'price');
    const principal = required(ctx.principal, 'the caller', 'price');
    const price = ctx.state.price(route.entry.provider.name, route.upstreamModel);
    if (price) {
      ctx.price = price;
      ctx.record.price = priceSnapshot(price);
    }
    if (principal.kind === 'admin' || price) return;
    throw new GatewayError('price_not_set', `model "${route.canonical}" has no price set; ask the operator to set one`, { param: 'model' });
  },
};
