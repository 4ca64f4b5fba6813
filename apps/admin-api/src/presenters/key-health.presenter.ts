import type { LocalTime } from '@aigw/config';
import type { KeyHealthCounts, KeyHealthRecord } from '@aigw/events';
import type { ProviderKey } from '@aigw/store';

/**
 * A key's state as GET /admin/providers/:name/keys shows it: `disabled` (the operator) and
 * `invalid` (the upstream refused it) from the database or the live record, `cooling` while a 429
 * back-off or an open circuit breaker keeps it out (`until`), else `active`.
 */
export function presentKeyHealth(k: ProviderKey, record: KeyHealthRecord | undefined, counts: KeyHealthCounts | undefined, now: number, time: LocalTime) {
  const at = (ms: number | undefined) => (ms === undefined || ms === 0 ? null : time.format(new Date(ms)));
  const invalid = k.invalid ?? (record?.invalid ? { reason: record.invalid.reason, message: record.invalid.message, at: new Date(record.invalid.at) } : null);
  const openUntil = record?.open_until ?? 0;
  const breaker = openUntil === 0 ? 'closed' : openUntil > now ? 'open' : 'half_open';
  let state: 'active' | 'cooling' | 'invalid' | 'disabled' = 'active';
  let reason: string | null = null;
  let until: number | undefined;
  let since: string | null = at(record?.since);
  if (!k.enabled) {
    state = 'disabled';
    reason = 'operator';
  } else if (invalid) {
    state = 'invalid';
    reason = invalid.reason;
    since = time.format(invalid.at);
  } else if (record && record.cool_until > now) {
    state = 'cooling';
    reason = 'rate_limited';
    until = record.cool_until;
  } else if (breaker === 'open') {
    state = 'cooling';
    reason = 'circuit_open';
    until = openUntil;
  }
  return {
    state,
    reason,
    since,
    until: at(until),
    breaker,
    consecutive_failures: record?.consecutive_failures ?? 0,
    last_error: record?.last_error ? { message: record.last_error.message, at: at(record.last_error.at) } : invalid ? { message: invalid.message, at: time.format(invalid.at) } : null,
    successes: counts?.successes ?? 0,
    failures: counts?.failures ?? 0,
  };
}
