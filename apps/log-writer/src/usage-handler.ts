import type { ChangeBus, CommittedCost, UsageEvent, UsageEventHandler } from '@aigw/events';
import { capCost, computeCost } from '@aigw/usage';
import type { LoggedRequest, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';

/** The budget ledger's commit reporting (RedisBudgetCommits in distributed mode). */
export interface BudgetCommitter {
  commit(costs: CommittedCost[]): Promise<number | undefined>;
}

export interface UsageHandlerDeps {
  store: Store;
  bus: ChangeBus;
  logger: Logger;
  /** Distributed mode: tell the budget ledger which requests the database now includes. */
  commits?: BudgetCommitter;
}

/** One event as the row it becomes and the debit it causes. */
export function toLoggedRequest(event: UsageEvent): LoggedRequest {
  const cost = capCost(computeCost(event.usage, event.price), event.cost_cap);
  const u = event.usage;
  return {
    token_id: cost !== null && event.token_id !== null ? event.token_id : null,
    log: {
      request_id: event.request_id,
      ts: new Date(event.ts),
      method: event.method,
      path: event.path,
      request_type: event.request_type,
      client_request_id: event.client_request_id,
      token_id: event.token_id,
      token_name: event.token_name,
      token_hint: event.token_hint,
      model: event.model,
      upstream_model: event.upstream_model,
      provider: event.provider,
      api_key: event.api_key,
      status_code: event.status_code,
      response_time_ms: event.response_time_ms,
      ttfb_ms: event.ttfb_ms,
      attempts: event.attempts,
      prompt_tokens: u?.prompt_tokens ?? null,
      completion_tokens: u?.completion_tokens ?? null,
      total_tokens: u?.total_tokens ?? null,
      cached_tokens: u?.cached_tokens ?? null,
      reasoning_tokens: u?.reasoning_tokens ?? null,
      usage_source: event.usage_source,
      amount_spent: cost,
      currency: cost !== null ? (event.price?.currency ?? null) : null,
      error_message: event.error_message,
      upstream_status: event.upstream_status,
      upstream_error: event.upstream_error,
      clamped_from: event.clamped_from ?? null,
      attempt_details: event.attempt_details ?? null,
    },
  };
}

function committedCosts(rows: LoggedRequest[], events: UsageEvent[]): CommittedCost[] {
  const costs: CommittedCost[] = [];
  rows.forEach((row, i) => {
    const cost = row.log.amount_spent;
    if (row.token_id !== null && cost !== null && Number(cost) > 0) costs.push({ tokenId: row.token_id, requestId: events[i]!.request_id, cost });
  });
  return costs;
}

/**
 * The log-writer's work for a batch of events: cost, request_logs rows and token debits in one
 * transaction (idempotent on request_id), then tell the proxies how the debited tokens stand.
 * Errors propagate so the caller (in-process sink or queue worker) retries.
 */
export function createUsageHandler(deps: UsageHandlerDeps): UsageEventHandler {
  return {
    async handle(events: UsageEvent[]): Promise<void> {
      if (events.length === 0) return;
      const rows = events.map(toLoggedRequest);
      const result = await deps.store.requestLogs.record(rows);
      if (result.duplicates.length > 0) {
        deps.logger.info({ duplicates: result.duplicates.length }, 'skipped usage events already recorded');
      }
      if (result.exhausted.length > 0) {
        deps.logger.info({ tokens: result.exhausted }, 'tokens reached their budget and were disabled');
      }
      // Told for every token of the batch, duplicates included: a batch retried after a failure
      // below finds its rows already written, and the proxies must still hear how tokens stand.
      const tokenIds = [...new Set(events.map((e) => e.token_id).filter((id): id is number => id !== null))];
      if (tokenIds.length === 0) return;
      try {
        // Before the tokens are read: their amounts then include every commit up to this seq (see
        // libs/events/src/redis/budget-keys.ts). Duplicates too: a retried batch's first try may
        // have stopped before this.
        const budgetSeq = deps.commits ? await deps.commits.commit(committedCosts(rows, events)) : undefined;
        const tokens = [];
        for (const id of tokenIds) {
          const token = await deps.store.tokens.get(id);
          if (token) tokens.push({ id, amount_spent: token.amount_spent, enabled: token.enabled, disabled_reason: token.disabled_reason, updated_at: token.updated_at.getTime() });
        }
        const request_ids = events.map((e) => e.request_id);
        await deps.bus.publish({ type: 'token-usage', tokens, request_ids, ...(budgetSeq !== undefined ? { budget_seq: budgetSeq } : {}) });
      } catch (err) {
        // The rows are written; the proxies' periodic reload catches up, so the batch is not retried.
        deps.logger.error({ err }, 'could not publish token usage');
      }
    },
  };
}
