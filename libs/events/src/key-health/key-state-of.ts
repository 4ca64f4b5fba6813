import type { KeyHealthRecord } from './key-health-storage';

/** The states an upstream key is shown in (admin API, console, the key-state metric). */
export const KEY_STATES = ['active', 'cooling', 'invalid', 'disabled'] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** The parts of a stored key its state depends on. */
export interface StoredKeyState {
  enabled: boolean;
  /** The database's invalid mark (kept across restarts). */
  invalid: { reason: string; message: string; at: Date } | null;
}

export interface KeyStateView {
  state: KeyState;
  reason: string | null;
  /** Until when a cooling key stays out (ms epoch). */
  until: number | undefined;
  breaker: 'closed' | 'open' | 'half_open';
  /** The invalid mark from the database, else from the live record. */
  invalid: { reason: string; message: string; at: Date } | null;
}

/**
 * One key's state: `disabled` (the operator), `invalid` (the upstream refused it: the database mark
 * or the live record), `cooling` while a 429 back-off or an open circuit breaker keeps it out,
 * else `active`. The one rule GET /admin/providers/:name/keys and the proxy's key-state metric share.
 */
export function keyStateOf(key: StoredKeyState, record: KeyHealthRecord | undefined, now: number): KeyStateView {
  const invalid = key.invalid ?? (record?.invalid ? { reason: record.invalid.reason, message: record.invalid.message, at: new Date(record.invalid.at) } : null);
  const openUntil = record?.open_until ?? 0;
  const breaker = openUntil === 0 ? 'closed' : openUntil > now ? 'open' : 'half_open';
  if (!key.enabled) return { state: 'disabled', reason: 'operator', until: undefined, breaker, invalid };
  if (invalid) return { state: 'invalid', reason: invalid.reason, until: undefined, breaker, invalid };
  if (record && record.cool_until > now) return { state: 'cooling', reason: 'rate_limited', until: record.cool_until, breaker, invalid };
  if (breaker === 'open') return { state: 'cooling', reason: 'circuit_open', until: openUntil, breaker, invalid };
  return { state: 'active', reason: null, until: undefined, breaker, invalid };
}
