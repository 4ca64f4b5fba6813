import type { LocalTime } from '@aigw/config';
import { budgetReached, moneyLeft, type Token } from '@aigw/store';
import { money } from './money';

export type TokenStatus = 'active' | 'disabled' | 'exhausted' | 'expired';

/** null when the token has no budget. */
export function remainingOf(t: Token): number | null {
  return t.max_amount === null ? null : moneyLeft(t.max_amount, t.amount_spent);
}

/** Derived in the order the chat path checks: expiry, then budget, then the operator's switch. */
export function tokenStatus(t: Token, now = Date.now()): TokenStatus {
  if (t.expires_at && t.expires_at.getTime() <= now) return 'expired';
  if (t.disabled_reason === 'exhausted' || (t.max_amount !== null && budgetReached(t.max_amount, t.amount_spent))) return 'exhausted';
  if (!t.enabled) return 'disabled';
  return 'active';
}

/** A token as every answer shows it: the key's hint, never the key (which is not stored). */
export function presentToken(t: Token, time: LocalTime, currency: string) {
  return {
    id: t.id,
    key_hint: t.key_hint,
    name: t.name,
    allowed_models: t.allowed_models,
    max_amount: t.max_amount === null ? null : money(t.max_amount),
    amount_spent: money(t.amount_spent),
    remaining: remainingOf(t),
    currency,
    enabled: t.enabled,
    disabled_reason: t.disabled_reason,
    status: tokenStatus(t),
    expires_at: t.expires_at ? time.format(t.expires_at) : null,
    created_at: time.format(t.created_at),
    updated_at: time.format(t.updated_at),
  };
}
