import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { GatewayError } from './gateway-error';
import { malformedPathError } from './malformed-path';
import { renderErrorBody, type ErrorBodyStyle } from './render';

/** The least a logger must offer to the error middleware (pino fits). */
export interface ErrorLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ErrorMiddlewareOptions {
  logger: ErrorLogger;
  /** Which error body a request gets; default OpenAI's. */
  styleFor?: (req: Request) => ErrorBodyStyle;
  /** The app's own mapping of errors its libraries throw (a busy store); undefined: the default one. */
  mapError?: (err: unknown) => GatewayError | undefined;
  /**
   * Runs just before the error answer is sent (its headers set, its body not yet): a promise
   * delays the answer until it settles (the proxy reads a limited token's rate-limit state here).
   */
  beforeAnswer?: (req: Request, res: Response) => Promise<void> | undefined;
}

/** Key under `res.locals` where the middleware leaves the error it answered with. */
export const RESPONSE_ERROR_KEY = 'gatewayError';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns anything thrown into a GatewayError: parser errors by their type, the rest as internal. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const parser = (err ?? {}) as BodyParserError;
  if (parser.type === 'entity.too.large') {
    return new GatewayError('payload_too_large', `request body is larger than the limit of ${parser.limit ?? '?'} bytes`, { cause: err });
  }
  if (parser.type === 'entity.parse.failed') {
    return new GatewayError('invalid_request', 'request body is not valid JSON', { cause: err });
  }
  if (parser.type === 'encoding.unsupported' || parser.type === 'charset.unsupported') {
    return new GatewayError('invalid_request', 'request body encoding is not supported', { cause: err });
  }
  // Express decodes path parameters with decodeURIComponent, which throws on a malformed %XX.
  if (err instanceof URIError) return malformedPathError(err);
  const errorId = randomUUID();
  return new GatewayError('internal', `internal error (error id ${errorId})`, { cause: err, detail: { errorId } });
}

/** The one place where errors become HTTP answers; every app mounts it last. */
export function errorMiddleware(options: ErrorMiddlewareOptions): ErrorRequestHandler {
  return (err, req, res, next) => {
    const gatewayError = options.mapError?.(err) ?? toGatewayError(err);
    res.locals[RESPONSE_ERROR_KEY] = gatewayError;
    if (gatewayError.code === 'internal') {
      options.logger.error({ err, errorId: gatewayError.detail?.errorId, path: req.path }, 'unexpected error');
    }
    if (res.headersSent) {
      next(err);
      return;
    }
    const style = options.styleFor?.(req) ?? 'openai';
    // Busy is temporary: tell clients when to try again.
    if (gatewayError.code === 'store_busy') res.setHeader('retry-after', '1');
    // What the upstream said about backing off and its request id reaches the client as sent.
    for (const [name, value] of Object.entries({ ...gatewayError.upstream?.headers, ...gatewayError.headers })) res.setHeader(name, value);
    const send = (): void => {
      if (!res.headersSent) res.status(gatewayError.status).json(renderErrorBody(gatewayError, style));
    };
    const pending = options.beforeAnswer?.(req, res);
    if (pending === undefined) return send();
    void pending.then(send).catch((failure: unknown) => options.logger.error({ err: failure }, 'error answer could not be sent'));
  };
}
