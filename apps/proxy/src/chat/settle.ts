import type { Usage } from '@aigw/usage';
import { countTextTokens } from '@aigw/adapters';
import type { Logger } from '@aigw/telemetry';
import type { BudgetLedger, Reservation } from '../budget/budget-ledger';
import type { RequestRecord } from '../record/request-record';
import type { LimitAdmission, RateLimiter } from '../limits/rate-limiter';
import { requestCost } from '../record/request-cost';
import { promptTokensOf } from './chat-request';
import { inputOnlyBounds, reportedFigures, usageBounds, usageProblem } from './usage-check';

/** What checking an upstream's usage needs. */
export interface UsagePolicy {
  provider: string;
  /** `limits.usage_ceiling`. */
  usageCeiling: number;
  logger: Logger;
}

/** What a request's usage is settled against besides the upstream's figures. */
export interface UsageBasis {
  /** The prompt in Chat Completions shape: its completion cap bounds the figures, the estimate reads it. */
  promptBody: Record<string, unknown>;
  /** Set for input-only requests (embeddings): their local token count; a reported completion is distrusted. */
  inputTokens?: () => number;
  /** Set for endpoints that are never billed (count_tokens): no usage is settled on the row. */
  unbilled?: boolean;
}

/**
 * The usage a request is billed by, set once on the record: the upstream's figures when they pass
 * usageProblem, else a tokenizer estimate marked as such (also when the upstream sent none).
 * Every endpoint, stream or not, settles here.
 */
export function settleUsage(record: RequestRecord, reported: Usage | null, basis: UsageBasis, outputText: () => string, policy: UsagePolicy): void {
  if (basis.unbilled) return;
  if (reported) {
    const bounds = basis.inputTokens ? inputOnlyBounds(policy.usageCeiling) : usageBounds(basis.promptBody, policy.usageCeiling);
    const problem = usageProblem(reported, bounds);
    if (problem === null) {
      // Copied and then set, not spread with the total (a new hidden class per call in Node 20).
      const usage = Object.assign({}, reported);
      usage.total_tokens = reported.prompt_tokens + reported.completion_tokens;
      record.usage = usage;
      record.usageSource = 'upstream';
      return;
    }
    policy.logger.warn(
      { requestId: record.requestId, provider: policy.provider, upstreamUsage: reportedFigures(reported), problem },
      `usage reported by upstream ${policy.provider} distrusted (${problem}); the local estimate is billed`,
    );
  }
  const prompt = basis.inputTokens ? basis.inputTokens() : promptTokensOf(basis.promptBody);
  const completion = countTextTokens(outputText());
  record.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cached_tokens: 0, reasoning_tokens: 0 };
  record.usageSource = 'estimated';
}

/** Replaces the budget hold with the actual cost (0 when nothing is billable). */
export async function settleBudget(ledger: BudgetLedger, reservation: Reservation | undefined, record: RequestRecord): Promise<void> {
  if (!reservation) return;
  const cost = requestCost(record.usage, record.price, record.costCap);
  await ledger.settle(reservation, cost === null ? 0 : Number(cost));
}

/** Corrects the rate limiter's token estimate to the usage on the row (0 when none) and frees the request's slot. */
export async function settleLimits(limiter: RateLimiter, admission: LimitAdmission | undefined, record: RequestRecord): Promise<void> {
  if (!admission) return;
  await limiter.settle(admission, record.usage ? record.usage.prompt_tokens + record.usage.completion_tokens : 0);
}
