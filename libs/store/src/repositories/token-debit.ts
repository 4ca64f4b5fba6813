import Big from 'big.js';
import type { Knex } from 'knex';
import { BUDGET_EPSILON } from '../money';
import type { LoggedRequest } from '../types';
import type { TimeColumns } from '../time-columns';

export interface DebitResult {
  /** Token ids whose amount_spent changed, in id order. */
  debited: number[];
  /** Token ids that reached max_amount now and were disabled, in id order. */
  exhausted: number[];
}

/**
 * Each token's share of the entries as an exact decimal string (big.js), in token id order, the
 * order every writer updates tokens in, so concurrent batches lock rows in the same order. Tokens
 * whose share is zero are left out.
 */
export function debitSums(entries: readonly LoggedRequest[]): [number, string][] {
  const sums = new Map<number, Big>();
  for (const { token_id, log } of entries) {
    if (token_id === null || log.amount_spent === null) continue;
    const sum = sums.get(token_id);
    sums.set(token_id, sum === undefined ? new Big(log.amount_spent) : sum.plus(log.amount_spent));
  }
  const out: [number, string][] = [];
  for (const [id, amount] of [...sums].sort((a, b) => a[0] - b[0])) {
    if (!amount.eq(0)) out.push([id, amount.toFixed()]);
  }
  return out;
}

/**
 * Adds each token's share of the batch to tokens.amount_spent in SQL (never read-modify-write in
 * JS), then disables the tokens that reached max_amount (see debitSums for the sums and the order).
 * SQLite writes through sqlite-record.ts instead, with the same statements prepared once.
 */
export async function debitTokens(trx: Knex.Transaction, time: TimeColumns, entries: LoggedRequest[]): Promise<DebitResult> {
  const debited: number[] = [];
  for (const [id, amount] of debitSums(entries)) {
    const count = await trx('tokens')
      .where('id', id)
      .update({ amount_spent: trx.raw('?? + ?', ['amount_spent', amount]) });
    if (count > 0) debited.push(id);
  }
  if (debited.length === 0) return { debited, exhausted: [] };
  const reached: { id: unknown }[] = await trx('tokens')
    .whereIn('id', debited)
    .whereNotNull('max_amount')
    // budgetReached in SQL (a constant of ours, not input).
    .whereRaw(`?? + ${BUDGET_EPSILON} >= ??`, ['amount_spent', 'max_amount'])
    .where('enabled', true)
    .select('id');
  const exhausted = reached.map((r) => Number(r.id)).sort((a, b) => a - b);
  if (exhausted.length > 0) {
    await trx('tokens')
      .whereIn('id', exhausted)
      .update({ enabled: false, disabled_reason: 'exhausted', updated_at: time.toDb(new Date()) });
  }
  return { debited, exhausted };
}
