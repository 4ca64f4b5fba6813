import { required, type PolicyStage } from '../types';

/**
 * The codec plans the upstream request for the routed provider: converted to its protocol, or
 * passed through when it speaks the client's. A body the target cannot express is refused here,
 * before any budget is held.
 */
export const convertStage: PolicyStage = {
  name: 'convert',
  // Not async: most codecs plan at once, and then there is no promise to wait for.
  run(ctx) {
    const request = required(ctx.request, 'the request', 'convert');
    const route = required(ctx.route, 'the route', 'convert');
    const plan = ctx.codec.plan(request, route, ctx);
    if (!(plan instanceof Promise)) {
      ctx.plan = plan;
      return;
    }
    return plan.then((planned) => {
      ctx.plan = planned;
    });
  },
};
