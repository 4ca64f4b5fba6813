import type { LocalTime } from '@aigw/config';
import { moneyLeft, tokenStatus, type Token } from '@aigw/store';
import { money } from './money';

/** null when the token has no budget. */
export function remainingOf(t: Token): number | null {
  return t.max_amount === null ? null : moneyLeft(t.max_amount, t.amount_spent);
}

/** The token's rate limits (null: none). */
export function limitsOf(t: Token): Pick<Token, 'rpm_limit' | 'tpm_limit' | 'concurrency_limit'> {
  return { rpm_limit: t.rpm_limit, tpm_limit: t.tpm_limit, concurrency_limit: t.concurrency_limit };
}

/** A token as every answer shows it: the key's hint, never the key (which is not stored). */
export function presentToken(t: Token, time: LocalTime, currency: string) {
  return {
    id: t.id,
    key_hint: t.key_hint,
    name: t.name,
    allowed_models: t.allowed_models,
    mcp_allowed: t.mcp_allowed,
    max_amount: t.max_amount === null ? null : money(t.max_amount),
    amount_spent: money(t.amount_spent),
    remaining: remainingOf(t),
    currency,
    ...limitsOf(t),
    enabled: t.enabled,
    disabled_reason: t.disabled_reason,
    status: tokenStatus(t),
    expires_at: t.expires_at ? time.format(t.expires_at) : null,
    created_at: time.format(t.created_at),
    updated_at: time.format(t.updated_at),
  };
}
