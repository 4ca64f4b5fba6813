import type { Request, RequestHandler, Response } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';
import { callerOf } from '../auth/authenticate';
import { ownsRateLimitHeaders, setLimitStateHeaders } from './limit-headers';
import { hasLimits, tokenLimitsOf, type RateLimiter, type TokenLimits } from './rate-limiter';

/**
 * The /v1 routes whose pipeline runs the rate-limit stage (app.ts): its counted check sets the
 * headers, so the answer needs no peek unless it leaves before that check.
 */
const CHECKED_BY_STAGE = new Set(['POST /chat/completions', 'POST /messages', 'POST /embeddings', 'POST /responses']);

/** Whether the request goes to a route whose rate-limit stage sets the headers itself. */
export function checkedByStage(req: Request): boolean {
  return CHECKED_BY_STAGE.has(`${req.method} ${req.path}`);
}

/**
 * "Every answer of a limited token carries the headers": once the caller is identified, a client
 * token with limits gets them as they stand (limiter.peek, which counts nothing) on whatever answers
 * the request without the rate-limit stage's counted check: count_tokens, GET /v1/models,
 * /v1/token/balance, an unknown route, and on the routes with the stage a refusal before it (the
 * body, the model, the allow-list). On those routes the peek waits for such a refusal (the JSON
 * error answer, see limitHeadersBeforeErrorAnswer), so an admitted request asks the limiter once. A
 * limiter that cannot be read leaves them off; the request goes on.
 */
export function limitHeadersMiddleware(limiter: RateLimiter, styleFor: (req: Request) => 'openai' | 'anthropic', logger: Logger): RequestHandler {
  const peekInto = async (req: Request, res: Response, tokenId: number, limits: TokenLimits): Promise<void> => {
    try {
      const states = await limiter.peek(tokenId, limits);
      if (states.requests || states.tokens) setLimitStateHeaders(res, states, styleFor(req));
    } catch (err) {
      logger.warn({ err, tokenId }, 'rate limiter: limits could not be read for the headers');
    }
  };
  // Not async: a request with nothing to peek (most) goes on without a promise for Express to watch.
  return (req, res, next) => {
    const caller = callerOf(res);
    if (!caller || caller instanceof GatewayError || caller.kind !== 'client') return next();
    const limits = tokenLimitsOf(caller.token);
    if (!hasLimits(limits)) return next();
    if (checkedByStage(req)) {
      res.locals[PENDING_PEEK] = () => peekInto(req, res, caller.token.id, limits);
      return next();
    }
    return peekInto(req, res, caller.token.id, limits).then(() => next());
  };
}

/** Key under `res.locals` of the peek an error answer of a stage route still owes (see limitHeadersBeforeErrorAnswer). */
const PENDING_PEEK = 'limitPeek';

/**
 * errorMiddleware's beforeAnswer on /v1: an error answer of a stage route that leaves without the
 * gateway's limit headers (the rate-limit stage never ran, or could not answer) waits for the peek;
 * answers that carry the headers go as they are.
 */
export function limitHeadersBeforeErrorAnswer(_req: Request, res: Response): Promise<void> | undefined {
  const peek = res.locals[PENDING_PEEK] as (() => Promise<void>) | undefined;
  if (!peek || ownsRateLimitHeaders(res)) return undefined;
  res.locals[PENDING_PEEK] = undefined;
  return peek();
}
