import { GatewayError } from '@aigw/shared-errors';
import { isModelAllowed } from '../../routing/resolve-model';
import { required, type PolicyStage } from '../types';

/** A token with an allow-list reaches only the models on it; the admin token reaches every one. */
export const allowListStage: PolicyStage = {
  name: 'allow-list',
  run(ctx) {
    const principal = required(ctx.principal, 'the caller', 'allow-list');
    if (principal.kind === 'admin') return;
    const model = required(ctx.request, 'the request', 'allow-list').model;
    const route = required(ctx.route, 'the route', 'allow-list');
    if (!isModelAllowed(principal.token.allowed_models, model, route)) {
      throw new GatewayError('model_not_allowed', `model "${model}" is not allowed for this token`, { param: 'model' });
    }
  },
};
