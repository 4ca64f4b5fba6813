import type { Request, RequestHandler } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';
import { callerOf } from '../auth/authenticate';
import { setLimitStateHeaders } from './limit-headers';
import { hasLimits, tokenLimitsOf, type RateLimiter } from './rate-limiter';

/**
 * "Every answer of a limited token carries the headers": once the caller is identified, a client
 * token with limits gets them as they stand (limiter.peek, which counts nothing) on whatever answers
 * the request: a refusal for its body, model or allow-list, count_tokens, GET /v1/models,
 * /v1/token/balance. A request that reaches the rate-limit stage gets them again from its own
 * check (counted). A limiter that cannot be read leaves them off; the request goes on.
 */
export function limitHeadersMiddleware(limiter: RateLimiter, styleFor: (req: Request) => 'openai' | 'anthropic', logger: Logger): RequestHandler {
  return async (req, res, next) => {
    const caller = callerOf(res);
    if (!caller || caller instanceof GatewayError || caller.kind !== 'client') return next();
    const limits = tokenLimitsOf(caller.token);
    if (!hasLimits(limits)) return next();
    try {
      const states = await limiter.peek(caller.token.id, limits);
      if (states.requests || states.tokens) setLimitStateHeaders(res, states, styleFor(req));
    } catch (err) {
      logger.warn({ err, tokenId: caller.token.id }, 'rate limiter: limits could not be read for the headers');
    }
    next();
  };
}
