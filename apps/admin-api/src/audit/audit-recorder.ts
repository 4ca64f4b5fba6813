import type { Request, RequestHandler, Response } from 'express';
import { RESPONSE_ERROR_KEY, type GatewayError } from '@aigw/shared-errors';
import type { AdminLogInput, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import { auditOf, startAudit } from './audit';

/** Query values that may carry a gateway token key; they never reach admin_logs.path. */
const SECRET_QUERY = new Set(['token']);
const SAFE_TOKEN_VALUE = /^(admin_token|\d+)$/;

/** The request path with its query string, gateway token keys masked. */
export function loggedPath(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  if (q < 0) return originalUrl;
  const params = new URLSearchParams(originalUrl.slice(q + 1));
  for (const [name, value] of [...params]) {
    if (SECRET_QUERY.has(name) && !SAFE_TOKEN_VALUE.test(value)) params.set(name, '[redacted]');
  }
  return `${originalUrl.slice(0, q)}?${params.toString()}`;
}

function rowsFor(req: Request, res: Response, ts: Date, finished: boolean): AdminLogInput[] {
  const entry = auditOf(res);
  const error = res.locals[RESPONSE_ERROR_KEY] as GatewayError | undefined;
  const base = { ts, method: req.method, path: loggedPath(req.originalUrl), status_code: res.statusCode };
  const errorMessage = error?.message ?? (finished ? null : 'client closed the connection before the response was sent');
  const requestId = res.locals.requestId as string | undefined;
  const main: AdminLogInput = {
    ...base,
    operation: entry.operation,
    target: entry.target,
    error_message: errorMessage,
    detail: { ...entry.detail, ...(requestId ? { request_id: requestId } : {}) },
  };
  const cascaded = entry.cascade.map<AdminLogInput>((c) => ({
    ...base,
    operation: c.operation,
    target: c.target,
    error_message: null,
    detail: c.detail,
  }));
  return [main, ...cascaded];
}

/**
 * Writes one admin_logs row per admin request (plus one per cascaded effect) when the response
 * is done, successes and failures alike.
 */
export function auditRecorder(deps: { store: Store; logger: Logger }): RequestHandler {
  return (req, res, next) => {
    const ts = new Date();
    startAudit(res);
    let written = false;
    const write = (): void => {
      if (written) return;
      written = true;
      const rows = rowsFor(req, res, ts, res.writableFinished);
      deps.store.adminLogs.insert(rows).catch((err: unknown) => {
        deps.logger.error({ err, operation: rows[0]?.operation }, 'writing admin_logs failed');
      });
    };
    res.once('finish', write);
    res.once('close', write);
    next();
  };
}
