import type { Request, Response } from 'express';
import { bearerToken } from '@aigw/http';
import { GatewayError } from '@aigw/shared-errors';
import { ADMIN_TOKEN_LABEL, sameSha256Hex, sha256Hex, tokenStatus, type Token } from '@aigw/store';
import type { BudgetLedger } from '../budget/budget-ledger';
import { insufficientBalance, isUsedUp } from '../budget/budget-ledger';
import type { RequestRecord } from '../record/request-record';
import type { RoutingState } from '../state/routing-state';
import { knownCredential, rememberCredential } from './known-credentials';

export type Principal = { kind: 'admin' } | { kind: 'client'; token: Token };

export { ADMIN_TOKEN_LABEL };

/** The bearer token, or (where the route allows it, as Anthropic clients send it) `x-api-key`. */
export function credentialOf(req: Request, allowApiKeyHeader: boolean): string | undefined {
  const bearer = bearerToken(req.headers);
  if (bearer !== undefined) return bearer;
  const apiKey = req.headers['x-api-key'];
  if (allowApiKeyHeader && typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  return undefined;
}

/** Any credential whose sha256 is the admin hash: a configured admin token need not look minted. */
export function isAdminToken(credential: string, adminHash: string | undefined): boolean {
  return sameSha256Hex(sha256Hex(credential), adminHash);
}

/**
 * Who is calling: the admin token or a known client token (missing_token, invalid_token otherwise).
 * The credential is hashed once for both lookups, and not again while the same state holds its hash
 * (known-credentials.ts).
 */
export function identify(credential: string | undefined, state: RoutingState): Principal {
  if (!credential) throw new GatewayError('missing_token', 'missing gateway token: send Authorization: Bearer <token>');
  const known = knownCredential(state, credential);
  if (known !== undefined) {
    if (known.admin) return { kind: 'admin' };
    const token = state.tokenByHash(known.hash);
    if (token) return { kind: 'client', token };
  }
  const hash = sha256Hex(credential);
  if (sameSha256Hex(hash, state.adminTokenHash)) {
    rememberCredential(state, credential, { admin: true });
    return { kind: 'admin' };
  }
  const token = state.tokenByHash(hash);
  if (!token) throw new GatewayError('invalid_token', 'invalid gateway token');
  rememberCredential(state, credential, { admin: false, hash });
  return { kind: 'client', token };
}

/** Which token checks a route runs. */
export interface TokenChecks {
  /** Refuse a token whose budget is used up (default true; false for endpoints that cost nothing). */
  budget?: boolean;
  now?: number;
}

/**
 * The token checks after existence (README, Auth and token checks): the store's tokenStatus rule,
 * with what is left as the ledger sees it; each non-active status is its error.
 * (Model and price checks follow once the model is resolved.) A token disabled only because its
 * budget ran out passes where the budget is not checked.
 */
export function checkToken(principal: Principal, ledger: BudgetLedger, checks: TokenChecks = {}): void {
  if (principal.kind === 'admin') return;
  const token = principal.token;
  const remaining = ledger.remaining(token);
  const status = tokenStatus(token, checks.now ?? Date.now(), remaining !== null && isUsedUp(remaining));
  if (status === 'expired') throw new GatewayError('token_expired', 'gateway token has expired');
  if (status === 'exhausted') {
    if (checks.budget !== false) throw insufficientBalance();
    if (!token.enabled && token.disabled_reason !== 'exhausted') throw new GatewayError('token_disabled', 'gateway token is disabled');
    return;
  }
  if (status === 'disabled') throw new GatewayError('token_disabled', 'gateway token is disabled');
}

/** Writes who is calling into the request record: id, name and key hint, never the key. */
export function recordCaller(record: RequestRecord, principal: Principal): void {
  if (principal.kind === 'admin') {
    record.tokenId = null;
    record.tokenName = null;
    record.tokenHint = ADMIN_TOKEN_LABEL;
    return;
  }
  record.tokenId = principal.token.id;
  record.tokenName = principal.token.name;
  record.tokenHint = principal.token.key_hint;
}

/** What identifying the caller gave: the principal, or the error that answers the request. */
export type Caller = Principal | GatewayError;

const CALLER_KEY = 'caller';

/** Identifies the caller once per request and writes who it is into the request record. */
export function identifyCaller(req: Request, res: Response, record: RequestRecord, state: RoutingState, allowApiKeyHeader: boolean): Caller {
  let caller: Caller;
  try {
    caller = identify(credentialOf(req, allowApiKeyHeader), state);
    recordCaller(record, caller);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    caller = err;
  }
  res.locals[CALLER_KEY] = caller;
  return caller;
}

/** The caller identifyCaller named for this request, if it ran. */
export function callerOf(res: Response): Caller | undefined {
  return res.locals[CALLER_KEY] as Caller | undefined;
}

/**
 * The caller named by identifyCaller (or named now, for a route reached without it), then the
 * token checks: missing or unknown tokens and refused ones throw here.
 */
export function authenticate(
  req: Request,
  res: Response,
  record: RequestRecord,
  state: RoutingState,
  ledger: BudgetLedger,
  allowApiKeyHeader = false,
  checks: TokenChecks = {},
): Principal {
  const caller = callerOf(res) ?? identifyCaller(req, res, record, state, allowApiKeyHeader);
  if (caller instanceof GatewayError) throw caller;
  checkToken(caller, ledger, checks);
  return caller;
}
