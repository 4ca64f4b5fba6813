import type { KeyHealthRecord } from '@aigw/events';

/** What one upstream exchange said about the key it used. */
export type KeyOutcome =
  | { kind: 'success' }
  /** 401/403 saying the key is invalid or has no quota; `message` is already scrubbed. */
  | { kind: 'invalid'; reason: string; message: string }
  /** 429: `retryAfterMs` from the upstream's retry-after, when it sent one. */
  | { kind: 'rate_limited'; retryAfterMs: number | undefined; message: string }
  /** Connection error, timeout or 5xx. */
  | { kind: 'failure'; message: string };

export interface BreakerSettings {
  /** Consecutive failures that open the breaker (`routing.breaker_failures`). */
  failures: number;
  /** How long it stays open before one probe request may go (`routing.breaker_open_seconds`). */
  openMs: number;
}

export const FIRST_COOL_STEP_MS = 1000;
export const MAX_COOL_STEP_MS = 60_000;

/** Whether a key may be used now, and if not until when. */
export type Availability =
  | { usable: true; probe: boolean }
  | { usable: false; why: 'invalid' }
  | { usable: false; why: 'cooling' | 'open'; until: number };

function fresh(now: number): KeyHealthRecord {
  return { invalid: null, cool_until: 0, cool_step_ms: 0, consecutive_failures: 0, open_until: 0, last_error: null, since: now };
}

/** A key with no record, or a record whose every mark has expired, is active. */
export function availability(record: KeyHealthRecord | undefined, now: number): Availability {
  if (!record) return { usable: true, probe: false };
  if (record.invalid) return { usable: false, why: 'invalid' };
  if (record.cool_until > now) return { usable: false, why: 'cooling', until: record.cool_until };
  if (record.open_until > now) return { usable: false, why: 'open', until: record.open_until };
  return { usable: true, probe: record.open_until > 0 };
}

/**
 * The record after an outcome (undefined: nothing left to remember). A success closes the breaker
 * and resets the cooling step; a 429 cools for retry-after, else 1 s doubling to 60 s; a failure
 * counts towards the breaker, and a failed half-open probe opens it again at once.
 */
export function applyOutcome(record: KeyHealthRecord | undefined, outcome: KeyOutcome, now: number, breaker: BreakerSettings): KeyHealthRecord | undefined {
  const current = record ?? fresh(now);
  switch (outcome.kind) {
    case 'success': {
      if (!record || record.invalid) return record;
      if (record.consecutive_failures === 0 && record.open_until === 0 && record.cool_step_ms === 0) return record;
      return { ...record, consecutive_failures: 0, open_until: 0, cool_step_ms: 0, since: now };
    }
    case 'invalid':
      return { ...current, invalid: { reason: outcome.reason, message: outcome.message, at: now }, last_error: { message: outcome.message, at: now }, since: now };
    case 'rate_limited': {
      const step = outcome.retryAfterMs === undefined ? Math.min(MAX_COOL_STEP_MS, current.cool_step_ms === 0 ? FIRST_COOL_STEP_MS : current.cool_step_ms * 2) : current.cool_step_ms;
      const wait = outcome.retryAfterMs ?? step;
      return { ...current, cool_until: now + wait, cool_step_ms: step, last_error: { message: outcome.message, at: now }, since: now };
    }
    case 'failure': {
      const failures = current.consecutive_failures + 1;
      const halfOpen = current.open_until > 0 && current.open_until <= now;
      const opens = halfOpen || failures >= breaker.failures;
      return {
        ...current,
        consecutive_failures: failures,
        open_until: opens ? now + breaker.openMs : current.open_until,
        last_error: { message: outcome.message, at: now },
        since: opens ? now : current.since,
      };
    }
  }
}

/** retry-after as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
