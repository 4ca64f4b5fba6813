import { ERROR_STATUS, type ErrorCode } from './codes';

export interface UpstreamFailure {
  /** HTTP status the upstream answered with; absent when no answer came (connection error, timeout). */
  status?: number;
  /** The upstream's body as text, cut to 4 KiB. */
  body?: string;
  /** Headers of the upstream answer the client gets with the error (retry-after, rate limits, request id). */
  headers?: Record<string, string>;
}

export interface GatewayErrorOptions {
  status?: number;
  param?: string | null;
  upstream?: UpstreamFailure;
  cause?: unknown;
  /** Extra fields for logs (never sent to the client). */
  detail?: Record<string, unknown>;
  /** Headers the gateway itself sets on the error answer (retry-after of an all-cooling provider). */
  headers?: Record<string, string>;
}

export const UPSTREAM_BODY_LIMIT = 4096;

/** The one error type of the gateway: a code decides the HTTP status (see codes.ts). */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly upstream?: UpstreamFailure;
  readonly detail?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.param = options.param ?? null;
    this.upstream = options.upstream;
    this.detail = options.detail;
    this.headers = options.headers;
  }

  /**
   * An upstream answered with an error. Its 4xx status is kept, anything else becomes 502; the
   * message carries the upstream status and body so the client sees what really happened.
   */
  static fromUpstream(status: number, body: string, provider?: string, headers?: Record<string, string>): GatewayError {
    const text = body.slice(0, UPSTREAM_BODY_LIMIT);
    const who = provider ? `upstream ${provider}` : 'upstream';
    const shown = text.trim().length > 0 ? text.trim() : '(empty body)';
    return new GatewayError('upstream_error', `${who} returned ${status}: ${shown}`, {
      status: status >= 400 && status < 500 ? status : 502,
      upstream: headers === undefined ? { status, body: text } : { status, body: text, headers },
    });
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
