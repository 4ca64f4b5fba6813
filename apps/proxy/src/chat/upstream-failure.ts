import { scrubKeys, type KnownKey } from '@aigw/adapters';
import { GatewayError, isGatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Maps what undici threw to the gateway's error (timeout vs. connection failure). Its message may
 * name a URL or echo what the upstream said, so it is scrubbed of the provider's keys, and the
 * undici error is not kept as the cause (a logger that prints causes would print it unscrubbed).
 */
export function upstreamFailure(err: unknown, provider: string, secrets: readonly KnownKey[]): GatewayError {
  if (isGatewayError(err)) return scrubbedError(err, secrets);
  const code = (err as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    return new GatewayError('upstream_timeout', `upstream ${provider} did not answer in time`, { detail: { cause_code: code } });
  }
  const reason = scrubKeys((err as Error).message || code || 'connection failed', secrets);
  return new GatewayError('upstream_error', `upstream ${provider} connection failed: ${reason}`, { detail: { cause_code: code } });
}

/** An upstream error answer as the gateway's error, its body scrubbed before anything is cut or shown. */
export function upstreamAnswerError(status: number, body: string, provider: string, secrets: readonly KnownKey[]): GatewayError {
  return GatewayError.fromUpstream(status, scrubKeys(body, secrets), provider);
}

/** A gateway error built from upstream bytes (a 2xx body that could not be read), scrubbed. */
export function scrubbedError(err: GatewayError, secrets: readonly KnownKey[]): GatewayError {
  const message = scrubKeys(err.message, secrets);
  const body = err.upstream?.body === undefined ? undefined : scrubKeys(err.upstream.body, secrets);
  if (message === err.message && body === err.upstream?.body) return err;
  return new GatewayError(err.code, message, { status: err.status, param: err.param, detail: err.detail, upstream: err.upstream && { ...err.upstream, body } });
}

/**
 * An unexpected error while reading an upstream answer (a bug, answered as internal): its message
 * and stack may quote the answer (JSON.parse does), so both are scrubbed before the error
 * middleware logs them.
 */
export function scrubbedUnexpected(err: unknown, secrets: readonly KnownKey[]): unknown {
  if (!(err instanceof Error)) return err;
  const copy = new Error(scrubKeys(err.message, secrets));
  copy.name = err.name;
  if (err.stack !== undefined) copy.stack = scrubKeys(err.stack, secrets);
  return copy;
}

/** The log line of a failed upstream exchange: only scrubbed fields, never the undici error. */
export function logUpstreamFailure(logger: Logger, requestId: string, err: GatewayError, attempt?: number): void {
  logger.warn(
    { requestId, code: err.code, upstreamStatus: err.upstream?.status ?? null, attempt, causeCode: err.detail?.cause_code },
    `upstream request failed: ${err.message}`,
  );
}
