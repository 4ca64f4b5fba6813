import type { RequestHandler } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { recordOf } from '../record/request-record';
import type { StateHolder } from '../state/state-holder';
import { credentialOf, identify, recordCaller } from './authenticate';

/**
 * Names the caller in the request record before the body is read, so a request refused for its
 * body (malformed JSON, too large) is still logged against its token. It refuses nothing: the
 * route's authenticate() runs every check, and answers for a missing or unknown token.
 */
export function identifyCallerMiddleware(state: StateHolder, allowsApiKeyHeader: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    try {
      recordCaller(recordOf(res), identify(credentialOf(req, allowsApiKeyHeader(req.path)), state.current));
    } catch (err) {
      // No valid token: the row names none, and the route says why.
      if (!(err instanceof GatewayError)) return next(err);
    }
    next();
  };
}
