import type { Dialect, RequestLogInput } from '@aigw/store';
import { startHarness, type Harness } from './harness';

function charge(requestId: string, tokenId: number, amount: string): RequestLogInput {
  return {
    request_id: requestId,
    ts: new Date(),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    client_request_id: null,
    token_id: tokenId,
    token_name: 'spender',
    token_hint: null,
    model: 'm',
    upstream_model: 'm',
    provider: 'up',
    api_key: null,
    status_code: 200,
    response_time_ms: 1,
    ttfb_ms: null,
    attempts: 1,
    prompt_tokens: 1,
    completion_tokens: 1,
    total_tokens: 2,
    cached_tokens: 0,
    reasoning_tokens: 0,
    usage_source: 'upstream',
    amount_spent: amount,
    currency: 'USD',
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    clamped_from: null,
  };
}

/** Issue 11: the admin status, the store's debit and the proxy's check agree on when a budget is reached. */
describe.each(['sqlite', 'pg'] as Dialect[])('a token at its budget in decimals (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({}, { dialect });
  });
  afterEach(async () => h.close());

  async function token(maxAmount: number): Promise<number> {
    return (await h.post('/admin/tokens', { name: 'spender', max_amount: maxAmount })).body.id as number;
  }

  it('max_amount 0.3 after debits of 0.1 and 0.2 is exhausted with nothing left; 0.3 + 1e-12 does not enable it again', async () => {
    const id = await token(0.3);
    await h.store.requestLogs.record([{ log: charge('r-1', id, '0.1000000000'), token_id: id }]);
    await h.store.requestLogs.record([{ log: charge('r-2', id, '0.2000000000'), token_id: id }]);
    expect((await h.get(`/admin/tokens/${id}`)).body).toMatchObject({ amount_spent: 0.3, remaining: 0, status: 'exhausted', enabled: false });

    const patched = await h.patch(`/admin/tokens/${id}`, { max_amount: 0.3 + 1e-12 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ remaining: 0, status: 'exhausted', enabled: false, disabled_reason: 'exhausted' });
    expect((await h.store.tokens.get(id))?.enabled).toBe(false);
  });

  it('a budget raised by more than the last unit enables it again', async () => {
    const id = await token(0.3);
    await h.store.requestLogs.record([{ log: charge('r-1', id, '0.3000000000'), token_id: id }]);
    const patched = await h.patch(`/admin/tokens/${id}`, { max_amount: 0.3000000011 });
    expect(patched.body).toMatchObject({ remaining: 0.0000000011, status: 'active', enabled: true, disabled_reason: null });
  });

  it('an enabled token within the last unit of its budget shows exhausted, as the proxy refuses it', async () => {
    const id = await token(0.3);
    await h.post(`/admin/tokens/${id}/reset-spending`, { amount_spent: 0.2999999999 });
    const shown = (await h.get(`/admin/tokens/${id}`)).body;
    expect(shown).toMatchObject({ amount_spent: 0.2999999999, enabled: true, status: 'exhausted' });
  });
});
