import type { GatewayError } from '@aigw/shared-errors';
import { retryAfterMs, type KeyOutcome } from './key-state';

/** What a 403 body must say for the key itself to be at fault (revoked, no quota), not the request. */
const KEY_AT_FAULT = /api[ _-]?key|invalid|incorrect|revoked|expired|suspended|deactivated|quota|balance|credit|billing|insufficient|arrears|余额|额度|令牌/i;

/** What a refusal's body says when the key is good but has run out of money or quota. */
const NO_QUOTA = /quota|balance|credit|billing|insufficient|arrears|payment|余额|额度|欠费/i;

/** Most of the upstream's (scrubbed) message an invalid key keeps. */
const MESSAGE_LIMIT = 500;

/**
 * The invalid reason of a key that is good but has no money or quota left (402, or a 401/403
 * saying so); the others are `unauthorized` (any other 401) and `forbidden` (a 403 blaming the key).
 */
export const NO_QUOTA_REASON = 'no_quota';

/**
 * What a failed exchange says about its key: 401, 402 and a 403 blaming the key invalid, 429
 * cooling, connection errors, timeouts and 5xx a breaker failure; other answers are the request's
 * fault and say nothing about the key (undefined).
 */
export function outcomeOf(err: GatewayError, now: number): KeyOutcome | undefined {
  const status = err.upstream?.status;
  const message = err.message.slice(0, MESSAGE_LIMIT);
  if (status === undefined) return { kind: 'failure', message };
  const body = err.upstream?.body ?? '';
  const noQuota = status === 402 || ((status === 401 || status === 403) && NO_QUOTA.test(body));
  if (noQuota) return { kind: 'invalid', reason: NO_QUOTA_REASON, message };
  if (status === 401) return { kind: 'invalid', reason: 'unauthorized', message };
  if (status === 403 && KEY_AT_FAULT.test(body)) return { kind: 'invalid', reason: 'forbidden', message };
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterOf(err.upstream?.headers, now), message };
  if (status >= 500) return { kind: 'failure', message };
  return undefined;
}

/**
 * Whether a failed exchange lets the request go on to the provider's next usable key, and then to
 * its next target: the key is at fault (invalid, cooling, its breaker counting), not the request.
 * An answer that says nothing about the key (a 400, a 404, a 403 about the request) is the
 * request's own and is answered as it came.
 */
export function failsOver(err: GatewayError): boolean {
  return outcomeOf(err, Date.now()) !== undefined;
}

function retryAfterOf(headers: Record<string, string> | undefined, now: number): number | undefined {
  const ms = headers?.['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  return retryAfterMs(headers?.['retry-after'], now);
}
