import { sha256Hex, type RoutingData, type Token } from '@aigw/store';
import { identify } from '../src/auth/authenticate';
import { RoutingState } from '../src/state/routing-state';

const epoch = new Date('2026-01-01T00:00:00Z');
const empty = (): RoutingData => ({ providers: [], keys: [], models: [], aliases: [], prices: [] });

function tokenOf(id: number, key: string): Token {
  return {
    id,
    key_hash: sha256Hex(key),
    key_hint: 'sk-a...1234',
    name: `t${id}`,
    allowed_models: null,
    mcp_allowed: null,
    max_amount: 1,
    amount_spent: 0,
    rpm_limit: null,
    tpm_limit: null,
    concurrency_limit: null,
    enabled: true,
    disabled_reason: null,
    expires_at: null,
    created_at: epoch,
    updated_at: epoch,
  };
}

describe('identify', () => {
  it('names the same principal on every request of a credential, with the token as the state holds it now', () => {
    const state = new RoutingState(empty(), [tokenOf(1, 'sk-one')], sha256Hex('sk-admin'));
    for (let i = 0; i < 3; i++) {
      expect(identify('sk-admin', state)).toEqual({ kind: 'admin' });
      const caller = identify('sk-one', state);
      expect(caller.kind === 'client' && caller.token.id).toBe(1);
    }
    state.applyTokenUsage({ id: 1, amount_spent: 0.5, enabled: false, disabled_reason: 'exhausted', updated_at: epoch.getTime() });
    const after = identify('sk-one', state);
    expect(after.kind === 'client' && [after.token.amount_spent, after.token.enabled]).toEqual([0.5, false]);
    expect(() => identify('sk-two', state)).toThrow(expect.objectContaining({ code: 'invalid_token' }));
    expect(() => identify('', state)).toThrow(expect.objectContaining({ code: 'missing_token' }));
  });

  it('answers from the new state after a reload: a token removed or an admin token changed is refused', () => {
    const before = new RoutingState(empty(), [tokenOf(1, 'sk-one')], sha256Hex('sk-admin'));
    expect(identify('sk-one', before).kind).toBe('client');
    expect(identify('sk-admin', before).kind).toBe('admin');
    const after = new RoutingState(empty(), [], sha256Hex('sk-admin-2'), before);
    expect(() => identify('sk-one', after)).toThrow(expect.objectContaining({ code: 'invalid_token' }));
    expect(() => identify('sk-admin', after)).toThrow(expect.objectContaining({ code: 'invalid_token' }));
    expect(identify('sk-admin-2', after).kind).toBe('admin');
  });
});
