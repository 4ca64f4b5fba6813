import type { Response } from 'express';
import type { LimitOutcome, LimitState, LimitStates } from './rate-limiter';

/** Set on res.locals once the gateway's own rate-limit headers are on the answer. */
const OWNS_RATE_LIMIT_HEADERS = 'aigwOwnsRateLimitHeaders';

/** Upstream headers a limited token's answer does not relay: the gateway's own limits replace them. */
export const RATE_LIMIT_HEADER = /^(x-ratelimit-|anthropic-ratelimit-)/;

/** OpenAI's reset format: `250ms`, `12s`, `1m30s`. */
export function formatReset(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1000) return `${whole}ms`;
  const seconds = Math.ceil(whole / 1000);
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${seconds % 60}s` : `${seconds}s`;
}

/**
 * The token's limits on the answer: OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`,
 * or on Anthropic endpoints `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}` (reset as
 * an RFC 3339 time). A refusal also gets `retry-after` (whole seconds, rounded up) and `retry-after-ms`.
 */
export function setLimitHeaders(res: Response, outcome: LimitOutcome, style: 'openai' | 'anthropic', now = Date.now()): void {
  setLimitStateHeaders(res, outcome, style, now);
  if (!outcome.admitted) {
    res.setHeader('retry-after', String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))));
    res.setHeader('retry-after-ms', String(Math.max(0, Math.ceil(outcome.retryAfterMs))));
  }
}

/** The limits' headers alone (no retry-after): what every answer of a limited token carries. */
export function setLimitStateHeaders(res: Response, outcome: LimitStates, style: 'openai' | 'anthropic', now = Date.now()): void {
  res.locals[OWNS_RATE_LIMIT_HEADERS] = true;
  const set = (kind: 'requests' | 'tokens', state: LimitState | undefined) => {
    if (!state) return;
    if (style === 'anthropic') {
      res.setHeader(`anthropic-ratelimit-${kind}-limit`, String(state.limit));
      res.setHeader(`anthropic-ratelimit-${kind}-remaining`, String(state.remaining));
      res.setHeader(`anthropic-ratelimit-${kind}-reset`, new Date(now + state.resetMs).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    } else {
      res.setHeader(`x-ratelimit-limit-${kind}`, String(state.limit));
      res.setHeader(`x-ratelimit-remaining-${kind}`, String(state.remaining));
      res.setHeader(`x-ratelimit-reset-${kind}`, formatReset(state.resetMs));
    }
  };
  set('requests', outcome.requests);
  set('tokens', outcome.tokens);
}

/** Whether the upstream's rate-limit headers must stay off this answer (the token is limited by the gateway). */
export function ownsRateLimitHeaders(res: Response): boolean {
  return res.locals?.[OWNS_RATE_LIMIT_HEADERS] === true;
}

/** Drops the upstream's rate-limit headers from a set about to reach the client of a limited token. */
export function withoutUpstreamRateLimits(res: Response, headers: Record<string, string> | undefined): void {
  if (!headers || !ownsRateLimitHeaders(res)) return;
  for (const name of Object.keys(headers)) if (RATE_LIMIT_HEADER.test(name)) delete headers[name];
}
