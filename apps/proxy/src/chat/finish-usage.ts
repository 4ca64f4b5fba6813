import { capCost, computeCost, type Usage } from '@aigw/events';
import { countTextTokens, estimatePromptTokens } from '@aigw/adapters';
import type { BudgetLedger, Reservation } from '../budget/budget-ledger';
import type { RequestRecord } from '../record/request-record';

/** Usage from the upstream when it sent some, else a tokenizer estimate marked as such. */
export function settleUsage(record: RequestRecord, reported: Usage | null, body: Record<string, unknown>, outputText: string): void {
  if (reported) {
    record.usage = reported;
    record.usageSource = 'upstream';
    return;
  }
  const prompt = estimatePromptTokens(body);
  const completion = countTextTokens(outputText);
  record.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cached_tokens: 0, reasoning_tokens: 0 };
  record.usageSource = 'estimated';
}

/** Replaces the budget hold with the actual cost (0 when nothing is billable). */
export async function settleBudget(ledger: BudgetLedger, reservation: Reservation | undefined, record: RequestRecord): Promise<void> {
  if (!reservation) return;
  const cost = capCost(computeCost(record.usage, record.price), record.costCap);
  await ledger.settle(reservation, cost === null ? 0 : Number(cost));
}
