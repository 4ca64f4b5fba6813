import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import type { Token } from '@aigw/store';
import type { BudgetLedger } from '../budget/budget-ledger';
import { insufficientBalance } from '../budget/budget-ledger';
import type { RoutingState } from '../state/routing-state';
import { sha256Hex } from '../state/state-holder';

export type Principal = { kind: 'admin' } | { kind: 'client'; token: Token };

export const ADMIN_TOKEN_LABEL = 'admin_token';

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

export function isAdminToken(credential: string, adminHash: string | undefined): boolean {
  if (!adminHash || !credential.startsWith('admin-')) return false;
  const a = Buffer.from(sha256Hex(credential), 'hex');
  const b = Buffer.from(adminHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who is calling, checked in the order of DESIGN.md section 6: exists, not expired, budget left,
 * enabled. (Model and price checks follow once the model is resolved.)
 */
export function authenticate(credential: string | undefined, state: RoutingState, ledger: BudgetLedger, now = Date.now()): Principal {
  if (!credential) throw new GatewayError('missing_token', 'missing gateway token: send Authorization: Bearer <token>');
  if (isAdminToken(credential, state.adminTokenHash)) return { kind: 'admin' };
  const token = state.token(credential);
  if (!token) throw new GatewayError('invalid_token', 'invalid gateway token');
  if (token.expires_at && token.expires_at.getTime() <= now) {
    throw new GatewayError('token_expired', 'gateway token has expired');
  }
  const remaining = ledger.remaining(token);
  if ((remaining !== null && remaining <= 0) || token.disabled_reason === 'exhausted') throw insufficientBalance();
  if (!token.enabled) throw new GatewayError('token_disabled', 'gateway token is disabled');
  return { kind: 'client', token };
}

/** The value request_logs.client_token gets for this caller. */
export function tokenLabel(principal: Principal): string {
  return principal.kind === 'admin' ? ADMIN_TOKEN_LABEL : principal.token.key;
}
