import { required, type PolicyStage } from '../types';

/**
 * The catalog's max_output_tokens of the routed model caps what the request may ask: a request
 * asking for more, or for no cap at all, goes on with the catalog's cap, and its row records what
 * a clamped request asked (`clamped_from`). Runs after the route (the cap is the routed model's)
 * and before the conversion and the budget hold, which both read the clamped request.
 */
export const completionCapStage: PolicyStage = {
  name: 'completion-cap',
  run(ctx) {
    const request = required(ctx.request, 'the request', 'completion-cap');
    const route = required(ctx.route, 'the route', 'completion-cap');
    const cap = ctx.state.outputCap(route.entry.provider.name, route.upstreamModel);
    if (cap === null || !ctx.codec.withCompletionCap) return;
    const asked = request.completionCap;
    if (asked !== null && asked <= cap) return;
    ctx.request = ctx.codec.withCompletionCap(request, cap);
    if (asked !== null) ctx.record.clampedFrom = asked;
  },
};
