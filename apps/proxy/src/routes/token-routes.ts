import type { Request, RequestHandler, Response } from 'express';
import { LocalTime } from '@aigw/config';
import { GatewayError } from '@aigw/shared-errors';
import { money, moneyLeft, type Store, type Token } from '@aigw/store';
import { credentialOf, isAdminToken, recordCaller } from '../auth/authenticate';
import { recordOf } from '../record/request-record';
import type { StateHolder } from '../state/state-holder';

export interface TokenRouteDeps {
  state: StateHolder;
  store: Store;
  timezone: string;
  currency: string;
}

/** The request types that call a model and may be billed: what /v1/token/usage lists. */
export const BILLED_REQUEST_TYPES = ['chat', 'chat_stream', 'messages', 'messages_stream', 'responses', 'responses_stream', 'embeddings'];
const DEFAULT_USAGE_LIMIT = 20;
const MAX_USAGE_LIMIT = 200;

/**
 * The caller's own token, read fresh from the database. Expired, disabled and exhausted tokens may
 * still look at their balance and usage; the admin token has neither.
 */
async function ownToken(req: Request, res: Response, deps: TokenRouteDeps): Promise<Token> {
  const record = recordOf(res);
  const credential = credentialOf(req, false);
  if (!credential) throw new GatewayError('missing_token', 'missing gateway token: send Authorization: Bearer <token>');
  if (isAdminToken(credential, deps.state.current.adminTokenHash)) {
    recordCaller(record, { kind: 'admin' });
    throw new GatewayError('admin_token_not_allowed', 'the admin token has no balance or usage; use a client token');
  }
  const token = await deps.store.tokens.getByKey(credential);
  if (!token) throw new GatewayError('invalid_token', 'invalid gateway token');
  recordCaller(record, { kind: 'client', token });
  return token;
}

/** GET /v1/token/balance */
export function balanceHandler(deps: TokenRouteDeps): RequestHandler {
  const time = new LocalTime(deps.timezone);
  return async (req, res) => {
    const token = await ownToken(req, res, deps);
    res.json({
      name: token.name,
      max_amount: token.max_amount === null ? null : money(token.max_amount),
      amount_spent: money(token.amount_spent),
      remaining: token.max_amount === null ? null : moneyLeft(token.max_amount, token.amount_spent),
      currency: deps.currency,
      enabled: token.enabled,
      disabled_reason: token.disabled_reason,
      expires_at: token.expires_at ? time.format(token.expires_at) : null,
      allowed_models: token.allowed_models,
      mcp_allowed: token.mcp_allowed,
      rpm_limit: token.rpm_limit,
      tpm_limit: token.tpm_limit,
      concurrency_limit: token.concurrency_limit,
    });
  };
}

function parseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_USAGE_LIMIT;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) {
    throw new GatewayError('invalid_request', `limit must be a whole number from 1 to ${MAX_USAGE_LIMIT}`, { param: 'limit' });
  }
  return Math.min(n, MAX_USAGE_LIMIT);
}

/** GET /v1/token/usage?limit=N: the token's latest chat requests and its total spending. */
export function usageHandler(deps: TokenRouteDeps): RequestHandler {
  const time = new LocalTime(deps.timezone);
  return async (req, res) => {
    const limit = parseLimit(req.query.limit);
    const token = await ownToken(req, res, deps);
    const [rows, totalCost] = await Promise.all([
      deps.store.requestLogs.listForToken(token.id, BILLED_REQUEST_TYPES, limit),
      deps.store.requestLogs.totalCost(token.id),
    ]);
    res.json({
      token: token.name,
      limit,
      items: rows.map((r) => ({
        timestamp: time.format(r.ts),
        model: r.model,
        provider: r.provider,
        status_code: r.status_code,
        response_time_ms: r.response_time_ms,
        prompt_tokens: r.prompt_tokens,
        completion_tokens: r.completion_tokens,
        total_tokens: r.total_tokens,
        cached_tokens: r.cached_tokens,
        reasoning_tokens: r.reasoning_tokens,
        amount_spent: r.amount_spent === null ? null : money(r.amount_spent),
        error_message: r.error_message,
      })),
      total_cost: money(totalCost),
    });
  };
}
