import { required, type PolicyStage } from '../types';

/**
 * The codec plans the upstream request for the routed provider: converted to its protocol, or
 * passed through when it speaks the client's. A body the target cannot express is refused here,
 * before any budget is held.
 */
export const convertStage: PolicyStage = {
  name: 'convert',
  async run(ctx) {
    const request = required(ctx.request, 'the request', 'convert');
    const route = required(ctx.route, 'the route', 'convert');
    ctx.plan = await ctx.codec.plan(request, route, ctx);
  },
};
