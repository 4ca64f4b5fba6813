import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';

const VALID_CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The client's own id for a request: `x-client-request-id`, else `x-request-id`, when it is 1-128
 * characters of letters, digits and `._:-`; anything else is dropped (null).
 */
export function clientRequestIdOf(headers: IncomingHttpHeaders): string | null {
  for (const name of ['x-client-request-id', 'x-request-id']) {
    const value = headers[name];
    if (typeof value === 'string' && value.length > 0) return VALID_CLIENT_ID.test(value) ? value : null;
  }
  return null;
}

/**
 * Gives every request an id minted here (a UUID), returns it as `x-request-id`, and puts it under
 * res.locals (log lines name it as requestId; no child logger is made per request). The id de-duplicates log rows and settles budgets, so a client
 * must never choose it: the client's own id is kept apart as res.locals.clientRequestId and
 * echoed back as `x-client-request-id`.
 */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    const clientId = clientRequestIdOf(req.headers);
    res.locals.requestId = id;
    res.locals.clientRequestId = clientId;
    res.setHeader('x-request-id', id);
    if (clientId !== null) res.setHeader('x-client-request-id', clientId);
    next();
  };
}
