import { GatewayError } from '@aigw/shared-errors';
import { promptTokenBoundOf } from '../../chat/chat-request';
import { setLimitHeaders } from '../../limits/limit-headers';
import type { Token } from '@aigw/store';
import { hasLimits, tokenLimitsOf, type TokenLimits } from '../../limits/rate-limiter';
import { candidatesOf, required, type Candidate, type PipelineContext, type PolicyStage } from '../types';

/**
 * One target's estimate: an upper bound of the prompt (never the tokenizer: the hold is corrected
 * to the row's usage when the answer ends) + its completion cap (input-only: the input's bound).
 */
function candidateEstimate(candidate: Candidate, defaultCompletionCap: number): number {
  const { plan, request } = candidate;
  if (plan.inputTokenBound) return plan.inputTokenBound();
  if (plan.inputTokens) return plan.inputTokens();
  return promptTokenBoundOf(plan.promptBody) + (request.completionCap ?? defaultCompletionCap);
}

/**
 * The estimate held against a tokens-per-minute limit: the largest over the route and its
 * fallbacks (each with its own plan and cap), as the budget hold does, so a failover to a target
 * allowing more output is covered.
 */
export function tokenEstimateOf(ctx: PipelineContext): number {
  return Math.max(...candidatesOf(ctx, 'rate-limit').map((c) => candidateEstimate(c, ctx.deps.defaultCompletionCap)));
}

/**
 * The token's requests-per-minute, tokens-per-minute and concurrency limits (docs/ARCHITECTURE.md).
 * Admitted: the request is counted (the pipeline corrects its tokens and frees its slot when the
 * answer ends) and the answer carries the limits' headers. Over a limit: 429 rate_limited with
 * retry-after and the same headers. Runs before the budget hold, so a refused request holds no money.
 */
export const rateLimitStage: PolicyStage = {
  name: 'rate-limit',
  // Not async: a token without limits (most) goes on at once, without a promise to wait for.
  run(ctx) {
    const principal = required(ctx.principal, 'the caller', 'rate-limit');
    if (principal.kind === 'admin') return;
    const limits = tokenLimitsOf(principal.token);
    if (!hasLimits(limits)) return;
    return admit(ctx, principal.token, limits);
  },
};

/** The limiter's admission of a token with limits; refused: 429 rate_limited. */
async function admit(ctx: PipelineContext, token: Token, limits: TokenLimits): Promise<void> {
  const estimate = limits.tpm === null ? 0 : tokenEstimateOf(ctx);
  const { outcome, admission } = await ctx.deps.limiter.admit(token.id, limits, estimate, ctx.record.requestId);
  setLimitHeaders(ctx.res, outcome, ctx.codec.acceptsApiKeyHeader ? 'anthropic' : 'openai');
  if (!admission) {
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    throw new GatewayError('rate_limited', `rate limit of this token reached; retry in ${seconds} s (rate_limited)`, {
      detail: { retryAfterMs: outcome.retryAfterMs },
    });
  }
  ctx.limitAdmission = admission;
}
