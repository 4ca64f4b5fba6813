import type { Route } from '../../routing/resolve-model';
import { required, type EndpointRequest, type PipelineContext, type PolicyStage } from '../types';

/**
 * The request as it goes to this route's model: a request asking more than the catalog's
 * max_output_tokens, or no cap at all, gets the catalog's cap (codec.withCompletionCap);
 * `clampedFrom` is what a clamped request asked (null when it was not clamped or asked no cap).
 * The one rule for the route (completion-cap stage) and for each fallback (its own model's cap).
 */
export function clampToCatalog(ctx: PipelineContext, request: EndpointRequest, route: Route): { request: EndpointRequest; clampedFrom: number | null } {
  const cap = ctx.state.outputCap(route.entry.provider.name, route.upstreamModel);
  if (cap === null || !ctx.codec.withCompletionCap) return { request, clampedFrom: null };
  const asked = request.completionCap;
  if (asked !== null && asked <= cap) return { request, clampedFrom: null };
  return { request: ctx.codec.withCompletionCap(request, cap), clampedFrom: asked };
}

/**
 * The catalog's max_output_tokens of the routed model caps what the request may ask, and its row
 * records what a clamped request asked (`clamped_from`). Runs after the route (the cap is the
 * routed model's) and before the conversion and the budget hold, which both read the clamped
 * request. The request as asked stays on the context: each fallback is clamped from it by its own
 * model's cap (fallback stage).
 */
export const completionCapStage: PolicyStage = {
  name: 'completion-cap',
  run(ctx) {
    const request = required(ctx.request, 'the request', 'completion-cap');
    const route = required(ctx.route, 'the route', 'completion-cap');
    ctx.askedRequest = request;
    const clamped = clampToCatalog(ctx, request, route);
    ctx.request = clamped.request;
    ctx.record.clampedFrom = clamped.clampedFrom;
  },
};
