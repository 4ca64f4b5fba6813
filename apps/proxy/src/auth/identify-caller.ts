import type { RequestHandler } from 'express';
import { recordOf } from '../record/request-record';
import type { StateHolder } from '../state/state-holder';
import { identifyCaller } from './authenticate';

/**
 * Names the caller in the request record before the body is read, so a request refused for its
 * body (malformed JSON, too large) is still logged against its token. It refuses nothing: the
 * route's authenticate() reuses what was found here, runs every check, and answers for a missing
 * or unknown token.
 */
export function identifyCallerMiddleware(state: StateHolder, allowsApiKeyHeader: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    identifyCaller(req, res, recordOf(res), state.current, allowsApiKeyHeader(req.path));
    next();
  };
}
