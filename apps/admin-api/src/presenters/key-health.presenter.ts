import type { LocalTime } from '@aigw/config';
import { keyStateOf, type KeyHealthCounts, type KeyHealthRecord } from '@aigw/events';
import type { ProviderKey } from '@aigw/store';

/**
 * A key's state as GET /admin/providers/:name/keys shows it (the rule is keyStateOf in
 * @aigw/events, which the proxy's key-state metric shares), with since, until, the breaker, the
 * last error and the success/failure counts.
 */
export function presentKeyHealth(k: ProviderKey, record: KeyHealthRecord | undefined, counts: KeyHealthCounts | undefined, now: number, time: LocalTime) {
  const at = (ms: number | undefined) => (ms === undefined || ms === 0 ? null : time.format(new Date(ms)));
  const { state, reason, until, breaker, invalid } = keyStateOf(k, record, now);
  const since = state === 'invalid' && invalid ? time.format(invalid.at) : at(record?.since);
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
