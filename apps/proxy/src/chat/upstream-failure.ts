import { scrubKeys, upstreamConnectionError, type KnownKey } from '@aigw/adapters';
import { GatewayError, isGatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';

/** What a call to the upstream threw, as the gateway's error, scrubbed of the provider's keys. */
export function upstreamFailure(err: unknown, provider: string, secrets: readonly KnownKey[]): GatewayError {
  if (isGatewayError(err)) return scrubbedError(err, secrets);
  return upstreamConnectionError(err, `upstream ${provider}`, secrets);
}

/**
 * An upstream error answer as the gateway's error, its body scrubbed before anything is cut or
 * shown; `headers` (back-off, rate limits, request id) reach the client with it.
 */
export function upstreamAnswerError(status: number, body: string, provider: string, secrets: readonly KnownKey[], headers?: Record<string, string>): GatewayError {
  return GatewayError.fromUpstream(status, scrubKeys(body, secrets), provider, headers);
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
