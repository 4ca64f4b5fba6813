import { configChangesSince, startHarness, type Harness } from './harness';

/** Issue 11: an operator resets or adjusts a token's spending; every proxy hears of it. */
describe('POST /admin/tokens/:id/reset-spending', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  async function exhaustedToken(): Promise<number> {
    const created = await h.post('/admin/tokens', { name: 'spender', max_amount: 1 });
    const id = created.body.id as number;
    await h.store.knex('tokens').where('id', id).update({ amount_spent: 1, enabled: false, disabled_reason: 'exhausted' });
    return id;
  }

  it('resets to 0 by default, re-enables an exhausted token, tells the proxies, logs before and after', async () => {
    const id = await exhaustedToken();
    const before = h.changes.length;
    const res = await h.post(`/admin/tokens/${id}/reset-spending`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, amount_spent: 0, remaining: 1, enabled: true, disabled_reason: null, status: 'active' });
    expect(configChangesSince(h, before)).toEqual(['tokens']);
    const rows = await h.adminLogs(2);
    expect(rows.at(-1)).toMatchObject({
      operation: 'token.reset_spending',
      target: String(id),
      status_code: 200,
      detail: {
        before: { amount_spent: 1, max_amount: 1, enabled: false, disabled_reason: 'exhausted' },
        after: { amount_spent: 0, max_amount: 1, enabled: true, disabled_reason: null },
      },
    });
  });

  it('sets a given amount; a token still at its budget stays exhausted, a manual disable stays', async () => {
    const id = await exhaustedToken();
    const partly = await h.post(`/admin/tokens/${id}/reset-spending`, { amount_spent: 0.25 });
    expect(partly.body).toMatchObject({ amount_spent: 0.25, remaining: 0.75, status: 'active' });
    const full = await h.post(`/admin/tokens/${id}/reset-spending`, { amount_spent: 1 });
    expect(full.body).toMatchObject({ amount_spent: 1, remaining: 0, status: 'exhausted' });
    await h.post(`/admin/tokens/${id}/disable`);
    const manual = await h.post(`/admin/tokens/${id}/reset-spending`, { amount_spent: 0 });
    expect(manual.body).toMatchObject({ amount_spent: 0, enabled: false, disabled_reason: 'manual', status: 'disabled' });
  });

  it('answers 400 naming the field for a bad amount, 404 for an unknown token, and writes nothing', async () => {
    const id = await exhaustedToken();
    for (const body of [{ amount_spent: -1 }, { amount_spent: '0' }, { amount_spent: 1e10 }, { spent: 0 }]) {
      const res = await h.post(`/admin/tokens/${id}/reset-spending`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await h.store.tokens.get(id))?.amount_spent).toBe(1);
    expect((await h.post('/admin/tokens/987654/reset-spending')).status).toBe(404);
  });
});
