import { isGatewayError } from '@aigw/shared-errors';
import { isModelAllowed, type Route } from '../../routing/resolve-model';
import { required, type Candidate, type PipelineContext, type PolicyStage } from '../types';
import { clampToCatalog } from './completion-cap.stage';

/**
 * Plans the route's fallbacks (an alias's other targets), each with its own provider's protocol,
 * catalog output cap (applied to the request as the client asked it) and price, after the first
 * target passed every stage. A fallback this request could not use there is left out rather than
 * refusing the request the first target can serve:
 * one the token's allow-list does not reach, one without a price (client tokens; billed
 * endpoints), or one whose protocol cannot express the body (its plan throws a GatewayError).
 */
function fallbackStage(billed: boolean): PolicyStage {
  return {
    name: 'fallbacks',
    // Not async: a route without fallbacks (most) goes on at once, without a promise to wait for.
    run(ctx) {
      const route = required(ctx.route, 'the route', 'fallbacks');
      const principal = required(ctx.principal, 'the caller', 'fallbacks');
      if (route.fallbacks.length === 0) {
        ctx.fallbacks = [];
        return;
      }
      return planFallbacks(ctx, route.fallbacks, billed && principal.kind !== 'admin');
    },
  };
}

async function planFallbacks(ctx: PipelineContext, fallbacks: readonly Route[], needsPrice: boolean): Promise<void> {
  const candidates: Candidate[] = [];
  for (const fallback of fallbacks) {
    const candidate = await planFallback(ctx, fallback, needsPrice);
    if (candidate) candidates.push(candidate);
  }
  ctx.fallbacks = candidates;
}

async function planFallback(ctx: PipelineContext, route: Route, needsPrice: boolean): Promise<Candidate | undefined> {
  const principal = required(ctx.principal, 'the caller', 'fallbacks');
  // From what the client asked, not from the route's clamp: each target has its own cap.
  const asked = ctx.askedRequest ?? required(ctx.request, 'the request', 'fallbacks');
  if (principal.kind !== 'admin' && !isModelAllowed(principal.token.allowed_models, asked.model, route)) return undefined;
  const price = ctx.state.price(route.entry.provider.name, route.upstreamModel);
  if (needsPrice && !price) return undefined;
  const { request, clampedFrom } = clampToCatalog(ctx, asked, route);
  try {
    const plan = await ctx.codec.plan(request, route, ctx);
    return price ? { route, plan, price, request, clampedFrom } : { route, plan, request, clampedFrom };
  } catch (err) {
    if (isGatewayError(err)) return undefined;
    throw err;
  }
}

/** Fallbacks of a billed endpoint: a client token's fallback needs a price. */
export const billedFallbackStage = fallbackStage(true);
/** Fallbacks of an endpoint that is never billed (count_tokens): no price needed. */
export const unbilledFallbackStage = fallbackStage(false);
