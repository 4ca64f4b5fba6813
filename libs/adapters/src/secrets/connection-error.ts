import { GatewayError } from '@aigw/shared-errors';
import { scrubKeys, type KnownKey } from './scrub-keys';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * What undici threw when calling an upstream (`label`, e.g. `upstream deepseek`), as the gateway's
 * error: timeout or connection failure. Its message may name a URL or echo what the upstream said,
 * so it is scrubbed of the provider's keys, and the undici error is not kept as the cause (a logger
 * that prints causes would print it unscrubbed).
 */
export function upstreamConnectionError(err: unknown, label: string, secrets: readonly KnownKey[]): GatewayError {
  const code = (err as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    return new GatewayError('upstream_timeout', `${label} did not answer in time`, { detail: { cause_code: code } });
  }
  const reason = scrubKeys((err as Error).message || code || 'connection failed', secrets);
  return new GatewayError('upstream_error', `${label} connection failed: ${reason}`, { detail: { cause_code: code } });
}
