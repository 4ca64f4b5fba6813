import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { ADMIN_TOKEN_LABEL, sha256Hex, type Token } from '@aigw/store';
import type { BudgetLedger } from '../budget/budget-ledger';
import { insufficientBalance, isUsedUp } from '../budget/budget-ledger';
import type { RequestRecord } from '../record/request-record';
import type { RoutingState } from '../state/routing-state';

export type Principal = { kind: 'admin' } | { kind: 'client'; token: Token };

export { ADMIN_TOKEN_LABEL };

/** The bearer token, or (where the route allows it, as Anthropic clients send it) `x-api-key`. */
export function credentialOf(req: Request, allowApiKeyHeader: boolean): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1];
  }
  const apiKey = req.headers['x-api-key'];
  if (allowApiKeyHeader && typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  return undefined;
}

/** A credential hash (sha256 hex) equal to the admin hash, compared in constant time. */
function isAdminHash(hash: string, adminHash: string | undefined): boolean {
  if (!adminHash) return false;
  const a = Buffer.from(hash, 'hex');
  const b = Buffer.from(adminHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Any credential whose sha256 is the admin hash: a configured admin token need not look minted. */
export function isAdminToken(credential: string, adminHash: string | undefined): boolean {
  return isAdminHash(sha256Hex(credential), adminHash);
}

/**
 * Who is calling: the admin token or a known client token (missing_token, invalid_token otherwise).
 * The credential is hashed once for both lookups.
 */
export function identify(credential: string | undefined, state: RoutingState): Principal {
  if (!credential) throw new GatewayError('missing_token', 'missing gateway token: send Authorization: Bearer <token>');
  const hash = sha256Hex(credential);
  if (isAdminHash(hash, state.adminTokenHash)) return { kind: 'admin' };
  const token = state.tokenByHash(hash);
  if (!token) throw new GatewayError('invalid_token', 'invalid gateway token');
  return { kind: 'client', token };
}

/** Which token checks a route runs. */
export interface TokenChecks {
  /** Refuse a token whose budget is used up (default true; false for endpoints that cost nothing). */
  budget?: boolean;
  now?: number;
}

/**
 * The token checks after existence (README, Auth and token checks): not expired, budget left, enabled.
 * (Model and price checks follow once the model is resolved.) A token disabled only because its
 * budget ran out passes where the budget is not checked.
 */
export function checkToken(principal: Principal, ledger: BudgetLedger, checks: TokenChecks = {}): void {
  if (principal.kind === 'admin') return;
  const token = principal.token;
  if (token.expires_at && token.expires_at.getTime() <= (checks.now ?? Date.now())) {
    throw new GatewayError('token_expired', 'gateway token has expired');
  }
  const exhausted = token.disabled_reason === 'exhausted';
  if (checks.budget !== false) {
    const remaining = ledger.remaining(token);
    if ((remaining !== null && isUsedUp(remaining)) || exhausted) throw insufficientBalance();
  }
  if (!token.enabled && !exhausted) throw new GatewayError('token_disabled', 'gateway token is disabled');
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
  const caller = (res.locals[CALLER_KEY] as Caller | undefined) ?? identifyCaller(req, res, record, state, allowApiKeyHeader);
  if (caller instanceof GatewayError) throw caller;
  checkToken(caller, ledger, checks);
  return caller;
}
