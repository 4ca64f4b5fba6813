import { budgetReached } from './money';
import type { Token } from './types';

export type TokenStatus = 'active' | 'disabled' | 'exhausted' | 'expired';

/** The fields of a token its status is derived from. */
export type TokenStatusFields = Pick<Token, 'enabled' | 'disabled_reason' | 'expires_at' | 'max_amount' | 'amount_spent'>;

/**
 * One rule for a token's status, in the order the proxy refuses: expiry, then budget, then the
 * operator's switch. The admin API shows it; the proxy answers each non-active status with its error.
 * `usedUp`: nothing of the budget is left as the caller sees it (the proxy also counts the money
 * held for requests in flight); by default read from the row.
 */
export function tokenStatus(
  t: TokenStatusFields,
  now = Date.now(),
  usedUp = t.max_amount !== null && budgetReached(t.max_amount, t.amount_spent),
): TokenStatus {
  if (t.expires_at && t.expires_at.getTime() <= now) return 'expired';
  if (usedUp || t.disabled_reason === 'exhausted') return 'exhausted';
  if (!t.enabled) return 'disabled';
  return 'active';
}
