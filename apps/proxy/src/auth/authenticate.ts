import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
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

/** Any credential whose sha256 is the admin hash: a configured admin token need not look minted. */
export function isAdminToken(credential: string, adminHash: string | undefined): boolean {
  if (!adminHash) return false;
  const a = Buffer.from(sha256Hex(credential), 'hex');
  const b = Buffer.from(adminHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who is calling: the admin token or a known client token (missing_token, invalid_token otherwise). */
export function identify(credential: string | undefined, state: RoutingState): Principal {
  if (!credential) throw new GatewayError('missing_token', 'missing gateway token: send Authorization: Bearer <token>');
  if (isAdminToken(credential, state.adminTokenHash)) return { kind: 'admin' };
  const token = state.token(credential);
  if (!token) throw new GatewayError('invalid_token', 'invalid gateway token');
  return { kind: 'client', token };
}

/**
 * The token checks after existence (README, Auth and token checks): not expired, budget left, enabled.
 * (Model and price checks follow once the model is resolved.)
 */
export function checkToken(principal: Principal, ledger: BudgetLedger, now = Date.now()): void {
  if (principal.kind === 'admin') return;
  const token = principal.token;
  if (token.expires_at && token.expires_at.getTime() <= now) {
    throw new GatewayError('token_expired', 'gateway token has expired');
  }
  const remaining = ledger.remaining(token);
  if ((remaining !== null && isUsedUp(remaining)) || token.disabled_reason === 'exhausted') throw insufficientBalance();
  if (!token.enabled) throw new GatewayError('token_disabled', 'gateway token is disabled');
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

/**
 * Identifies the caller, writes who it is into the request record (so refused requests are logged
 * against their token), then runs the token checks.
 */
export function authenticate(req: Request, record: RequestRecord, state: RoutingState, ledger: BudgetLedger, allowApiKeyHeader = false): Principal {
  const principal = identify(credentialOf(req, allowApiKeyHeader), state);
  recordCaller(record, principal);
  checkToken(principal, ledger);
  return principal;
}
