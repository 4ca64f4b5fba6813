import Big from 'big.js';
import type { Knex } from 'knex';
import { BUDGET_EPSILON } from '../money';
import type { LoggedRequest } from '../types';
import type { TimeColumns } from '../time-columns';

/**
 * Adds each token's share of the batch to tokens.amount_spent in SQL (never read-modify-write in
 * JS), then disables the tokens that reached max_amount. Sums are exact decimals (big.js) and the
 * tokens are updated in id order, so concurrent batches lock rows in the same order.
 */
export async function debitTokens(
  trx: Knex.Transaction,
  time: TimeColumns,
  entries: LoggedRequest[],
): Promise<{ debited: number[]; exhausted: number[] }> {
  const sums = new Map<number, Big>();
  for (const { token_id, log } of entries) {
    if (token_id === null || log.amount_spent === null) continue;
    sums.set(token_id, (sums.get(token_id) ?? new Big(0)).plus(log.amount_spent));
  }
  const debited: number[] = [];
  for (const [id, amount] of [...sums].sort((a, b) => a[0] - b[0])) {
    if (amount.eq(0)) continue;
    const count = await trx('tokens')
      .where('id', id)
      .update({ amount_spent: trx.raw('?? + ?', ['amount_spent', amount.toFixed()]) });
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
