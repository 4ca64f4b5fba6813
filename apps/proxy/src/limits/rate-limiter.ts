import type { Token } from '@aigw/store';

/** The limits of one token (null: none); a token with all three null is never checked. */
export interface TokenLimits {
  /** Requests per minute. */
  rpm: number | null;
  /** Tokens (prompt + completion) per minute. */
  tpm: number | null;
  /** Requests in flight at once. */
  concurrency: number | null;
}

/** The sliding window every per-minute limit counts over. */
export const LIMIT_WINDOW_MS = 60_000;

/** How long a refused request over the concurrency limit is told to wait (nothing says when one ends). */
export const CONCURRENCY_RETRY_MS = 1000;

/** One limit as the client's headers show it. */
export interface LimitState {
  limit: number;
  /** What is left after this request (or, when refused, now). */
  remaining: number;
  /** Milliseconds until more is available (the oldest entry of the window leaves it). */
  resetMs: number;
}

/** What a check found; `requests` and `tokens` are set for the limits the token has. */
export interface LimitOutcome {
  admitted: boolean;
  /** When refused: milliseconds until the request would be admitted (the largest wait of the limits it is over). */
  retryAfterMs: number;
  requests?: LimitState;
  tokens?: LimitState;
}

/** The limits as they stand, for the headers of an answer that is not counted. */
export type LimitStates = Pick<LimitOutcome, 'requests' | 'tokens'>;

/** An admitted request: its token entry is corrected and its concurrency slot released when it ends. */
export interface LimitAdmission {
  tokenId: number;
  requestId: string;
  limits: TokenLimits;
}

/**
 * Per-token request, token and concurrency limits, exact over a sliding window of LIMIT_WINDOW_MS.
 * `admit` checks every limit the token has at once and, when all pass, counts the request (one
 * request, `estimate` tokens, one slot in flight); `settle` replaces the estimate by the tokens
 * actually used and frees the slot. Two implementations: in memory (standalone) and Redis
 * (distributed: one atomic script per check, so proxies never interleave a check and a count).
 */
export interface RateLimiter {
  admit(tokenId: number, limits: TokenLimits, estimate: number, requestId: string): Promise<{ outcome: LimitOutcome; admission?: LimitAdmission }>;
  /** The limits as they stand now (remaining: what is left before this answer), counting nothing. */
  peek(tokenId: number, limits: TokenLimits): Promise<LimitStates>;
  settle(admission: LimitAdmission, actualTokens: number): Promise<void>;
}

/** A token's limits as the rate limiter reads them. */
export function tokenLimitsOf(token: Pick<Token, 'rpm_limit' | 'tpm_limit' | 'concurrency_limit'>): TokenLimits {
  return { rpm: token.rpm_limit ?? null, tpm: token.tpm_limit ?? null, concurrency: token.concurrency_limit ?? null };
}

export function hasLimits(limits: TokenLimits): boolean {
  return limits.rpm !== null || limits.tpm !== null || limits.concurrency !== null;
}

interface TokenEntry {
  ts: number;
  tokens: number;
}

interface TokenWindow {
  /** Admission times of the requests in the window, oldest first. */
  requests: { id: string; ts: number }[];
  /** Token entries by request id, in admission order. */
  tokens: Map<string, TokenEntry>;
  inFlight: Set<string>;
}

/**
 * Standalone: one process, so the windows live in memory. The same rules as the Redis script
 * (redis-limit-script.ts), line for line; `now` is injectable for tests.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<number, TokenWindow>();

  constructor(private readonly now: () => number = Date.now) {}

  async admit(tokenId: number, limits: TokenLimits, estimate: number, requestId: string): Promise<{ outcome: LimitOutcome; admission?: LimitAdmission }> {
    return this.check(tokenId, limits, estimate, requestId, true);
  }

  async peek(tokenId: number, limits: TokenLimits): Promise<LimitStates> {
    const { outcome } = this.check(tokenId, limits, 0, '', false);
    return { requests: outcome.requests, tokens: outcome.tokens };
  }

  /** One check; `count` false (a peek) leaves the windows as they were and subtracts nothing for this request. */
  private check(tokenId: number, limits: TokenLimits, estimate: number, requestId: string, count: boolean): { outcome: LimitOutcome; admission?: LimitAdmission } {
    const self = count ? 1 : 0;
    const now = this.now();
    const w = this.windowOf(tokenId, now);
    const outcome: LimitOutcome = { admitted: true, retryAfterMs: 0 };
    const need = limits.tpm === null ? 0 : Math.min(Math.max(0, Math.ceil(estimate)), limits.tpm);
    if (limits.rpm !== null) {
      const n = w.requests.length;
      const over = n >= limits.rpm;
      const resetMs = n === 0 ? LIMIT_WINDOW_MS : w.requests[over ? n - limits.rpm : 0]!.ts + LIMIT_WINDOW_MS - now;
      outcome.requests = { limit: limits.rpm, remaining: Math.max(0, limits.rpm - n - (over ? 0 : self)), resetMs };
      if (over) refuse(outcome, resetMs);
    }
    if (limits.tpm !== null) {
      const entries = [...w.tokens.values()];
      const sum = entries.reduce((s, e) => s + e.tokens, 0);
      const over = sum + need > limits.tpm;
      let resetMs = entries.length === 0 ? LIMIT_WINDOW_MS : entries[0]!.ts + LIMIT_WINDOW_MS - now;
      if (over) {
        let left = sum;
        for (const e of entries) {
          left -= e.tokens;
          resetMs = e.ts + LIMIT_WINDOW_MS - now;
          if (left + need <= limits.tpm) break;
        }
      }
      outcome.tokens = { limit: limits.tpm, remaining: Math.max(0, limits.tpm - sum - (over ? 0 : need)), resetMs };
      if (over) refuse(outcome, resetMs);
    }
    if (limits.concurrency !== null && w.inFlight.size >= limits.concurrency) refuse(outcome, CONCURRENCY_RETRY_MS);
    if (!outcome.admitted || !count) return { outcome };
    if (limits.rpm !== null) w.requests.push({ id: requestId, ts: now });
    if (limits.tpm !== null) w.tokens.set(requestId, { ts: now, tokens: need });
    if (limits.concurrency !== null) w.inFlight.add(requestId);
    return { outcome, admission: { tokenId, requestId, limits } };
  }

  async settle(admission: LimitAdmission, actualTokens: number): Promise<void> {
    const w = this.windows.get(admission.tokenId);
    if (!w) return;
    w.inFlight.delete(admission.requestId);
    const entry = w.tokens.get(admission.requestId);
    if (entry) entry.tokens = Math.max(0, Math.ceil(actualTokens));
  }

  private windowOf(tokenId: number, now: number): TokenWindow {
    let w = this.windows.get(tokenId);
    if (!w) {
      w = { requests: [], tokens: new Map(), inFlight: new Set() };
      this.windows.set(tokenId, w);
    }
    const cutoff = now - LIMIT_WINDOW_MS;
    while (w.requests.length > 0 && w.requests[0]!.ts <= cutoff) w.requests.shift();
    for (const [id, e] of w.tokens) {
      if (e.ts > cutoff) break;
      w.tokens.delete(id);
    }
    return w;
  }
}

function refuse(outcome: LimitOutcome, waitMs: number): void {
  outcome.admitted = false;
  outcome.retryAfterMs = Math.max(outcome.retryAfterMs, waitMs);
}
