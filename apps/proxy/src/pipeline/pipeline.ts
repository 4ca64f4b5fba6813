import type { RequestHandler } from 'express';
import type { ChatDeps } from '../chat/chat-deps';
import { settleBudget, settleLimits } from '../chat/settle';
import { isGatewayError } from '@aigw/shared-errors';
import { withoutUpstreamRateLimits } from '../limits/limit-headers';
import { trackWork } from '../chat/open-upstream';
import { recordOf } from '../record/request-record';
import { allowListStage } from './stages/allow-list.stage';
import { budgetHoldStage } from './stages/budget-hold.stage';
import { completionCapStage } from './stages/completion-cap.stage';
import { convertStage } from './stages/convert.stage';
import { envelopeStage } from './stages/envelope.stage';
import { billedFallbackStage, unbilledFallbackStage } from './stages/fallback.stage';
import { identifyStage, identifyUnbilledStage } from './stages/identify.stage';
import { priceStage } from './stages/price.stage';
import { rateLimitStage } from './stages/rate-limit.stage';
import { routeStage } from './stages/route.stage';
import type { EndpointCodec, PipelineContext, PolicyStage } from './types';
import { callUpstream } from './upstream-call';

/**
 * The stages every upstream call passes, in order. The codec's envelope check and conversion sit
 * where they need what came before: the envelope after the caller (a bad token is answered
 * before a bad body), the conversion after the route (it depends on the provider's protocol) and
 * before the budget (the estimate reads the converted prompt). The catalog's output cap clamps
 * the request between the route and the conversion, so both the upstream and the hold see it.
 * The token's rate limits come after the allow-list and price (a request refused for its model or
 * price is not counted) and before the budget hold (a rate-limited request holds no money).
 * The fallback stage plans an alias's other targets once the first passed; the hold covers them.
 */
export const DEFAULT_STAGES: readonly PolicyStage[] = [
  identifyStage,
  envelopeStage,
  routeStage,
  completionCapStage,
  convertStage,
  allowListStage,
  priceStage,
  billedFallbackStage,
  rateLimitStage,
  budgetHoldStage,
];

/**
 * The stages of an endpoint that is never billed (count_tokens): the caller, the envelope, the
 * route and the allow-list as everywhere, but no price (a model without one works) and no budget
 * hold, and a used-up budget does not refuse it.
 */
export const UNBILLED_STAGES: readonly PolicyStage[] = [identifyUnbilledStage, envelopeStage, routeStage, convertStage, allowListStage, unbilledFallbackStage];

/** The handler of one endpoint: its codec through the stages, the upstream call and the settlement. */
export function pipelineHandler(codec: EndpointCodec, deps: ChatDeps, stages: readonly PolicyStage[] = DEFAULT_STAGES): RequestHandler {
  // Not async: the pipeline's own promise goes to Express as it is, not wrapped in another.
  return (req, res) => {
    const record = recordOf(res);
    const ctx: PipelineContext = { req, res, deps, record, codec, state: deps.state.current };
    return trackWork(record, runPipeline(ctx, stages));
  };
}

/**
 * Runs the stages, then the upstream call; a budget hold and a rate-limit count taken on the way
 * are settled whatever happened (the count corrected to the usage, its concurrency slot freed).
 */
export async function runPipeline(ctx: PipelineContext, stages: readonly PolicyStage[]): Promise<void> {
  try {
    // Indexed, not for...of: an iterator held across an await is allocated, with a result per step.
    for (let i = 0; i < stages.length; i++) {
      // Most stages finish at once: only a stage that returns a promise is waited for.
      const pending = stages[i]!.run(ctx);
      if (pending) await pending;
    }
    await callUpstream(ctx);
  } catch (err) {
    // A limited token's answer carries the gateway's limits, not the upstream key's.
    if (isGatewayError(err)) withoutUpstreamRateLimits(ctx.res, err.upstream?.headers);
    throw err;
  } finally {
    await settleBoth(ctx);
  }
}

/** The hold and the count settled side by side; only what was taken is waited for (most requests take one or none). */
function settleBoth(ctx: PipelineContext): Promise<unknown> | undefined {
  const { reservation, limitAdmission, record } = ctx;
  if (reservation && limitAdmission) return Promise.all([settleBudget(ctx.deps.ledger, reservation, record), settleLimits(ctx.deps.limiter, limitAdmission, record)]);
  if (reservation) return settleBudget(ctx.deps.ledger, reservation, record);
  if (limitAdmission) return settleLimits(ctx.deps.limiter, limitAdmission, record);
  return undefined;
}
