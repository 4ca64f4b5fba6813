import { authenticate, type TokenChecks } from '../../auth/authenticate';
import { requestedModel } from '../../chat/chat-request';
import type { PolicyStage } from '../types';

/**
 * Identify the caller: every check of its token (missing, unknown, disabled, expired, used up).
 * Runs before the envelope, so a refused token is answered before a malformed body; the row
 * still names the model the body asked for.
 */
export const identifyStage: PolicyStage = identifyWith({});

/**
 * The caller of an endpoint that costs nothing (count_tokens): the same checks, except that a
 * token whose budget is used up still passes (nothing is held or billed).
 */
export const identifyUnbilledStage: PolicyStage = identifyWith({ budget: false });

function identifyWith(checks: TokenChecks): PolicyStage {
  return {
    name: 'identify',
    run(ctx) {
      ctx.record.model = requestedModel(ctx.req.body);
      ctx.principal = authenticate(ctx.req, ctx.res, ctx.record, ctx.state, ctx.deps.ledger, ctx.codec.acceptsApiKeyHeader, checks);
    },
  };
}
