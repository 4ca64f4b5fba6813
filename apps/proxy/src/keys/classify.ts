import type { GatewayError } from '@aigw/shared-errors';
import { retryAfterMs, type KeyOutcome } from './key-state';

/** What a 403 body must say for the key itself to be at fault (revoked, no quota), not the request. */
const KEY_AT_FAULT = /api[ _-]?key|invalid|incorrect|revoked|expired|suspended|deactivated|quota|balance|credit|billing|insufficient|arrears|余额|额度|令牌/i;

/** Most of the upstream's (scrubbed) message an invalid key keeps. */
const MESSAGE_LIMIT = 500;

/**
 * What a failed exchange says about its key: 401 (and a 403 blaming the key) invalid, 429 cooling,
 * connection errors, timeouts and 5xx a breaker failure; other answers are the request's fault and
 * say nothing about the key (undefined).
 */
export function outcomeOf(err: GatewayError, now: number): KeyOutcome | undefined {
  const status = err.upstream?.status;
  const message = err.message.slice(0, MESSAGE_LIMIT);
  if (status === undefined) return { kind: 'failure', message };
  if (status === 401) return { kind: 'invalid', reason: 'unauthorized', message };
  if (status === 403 && KEY_AT_FAULT.test(err.upstream?.body ?? '')) return { kind: 'invalid', reason: 'forbidden', message };
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterOf(err.upstream?.headers, now), message };
  if (status >= 500) return { kind: 'failure', message };
  return undefined;
}

function retryAfterOf(headers: Record<string, string> | undefined, now: number): number | undefined {
  const ms = headers?.['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  return retryAfterMs(headers?.['retry-after'], now);
}
