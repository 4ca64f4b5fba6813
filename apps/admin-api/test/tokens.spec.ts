import { configChangesSince, seedProvider, startHarness, type Harness } from './harness';

describe('tokens', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await seedProvider(h, 'up', ['gpt-4o', 'gpt-4o-mini']);
    await h.store.aliases.put('fast', 'up/gpt-4o-mini');
  });
  afterEach(async () => h.close());

  it('creates a token with a server-generated key and returns it whole', async () => {
    const before = h.changes.length;
    const res = await h.post('/admin/tokens', { name: 'team-a', allowed_models: ['up/gpt-4o', 'gpt-4o-mini', 'fast'], max_amount: 5 });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^sk-[0-9A-Za-z]{48}$/);
    expect(res.body).toMatchObject({
      name: 'team-a',
      allowed_models: ['up/gpt-4o', 'gpt-4o-mini', 'fast'],
      max_amount: 5,
      amount_spent: 0,
      remaining: 5,
      currency: 'USD',
      enabled: true,
      disabled_reason: null,
      status: 'active',
      expires_at: null,
      rpm_limit: null,
      tpm_limit: null,
      concurrency_limit: null,
    });
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'allowed_models', 'amount_spent', 'concurrency_limit', 'created_at', 'currency', 'disabled_reason', 'enabled', 'expires_at', 'id', 'key',
        'key_hint', 'max_amount', 'mcp_allowed', 'name', 'remaining', 'rpm_limit', 'status', 'tpm_limit', 'updated_at',
      ].sort(),
    );
    expect(configChangesSince(h, before)).toEqual(['tokens']);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'token.create', target: String(res.body.id), status_code: 201 });
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    expect(res.body.key_hint).toBe(`${res.body.key.slice(0, 4)}...${res.body.key.slice(-4)}`);
  });

  it('shows the key only once: list, get and patch give the hint, never the key', async () => {
    const { body: created } = await h.post('/admin/tokens', { name: 'once' });
    const answers = [
      (await h.get('/admin/tokens')).body,
      (await h.get(`/admin/tokens/${created.id}`)).body,
      (await h.patch(`/admin/tokens/${created.id}`, { name: 'twice' })).body,
      (await h.post(`/admin/tokens/${created.id}/disable`)).body,
    ];
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain(created.key);
      expect(JSON.stringify(answer)).toContain(created.key_hint);
    }
    expect(answers[1]).not.toHaveProperty('key');
    const stored = JSON.stringify(await h.store.knex('tokens').select('*'));
    expect(stored).not.toContain(created.key);
  });

  it('rotates a key: a new key once, the same token (budget, spending, allow-list), the old key gone, logged without the key', async () => {
    const { body: created } = await h.post('/admin/tokens', { name: 'rot', max_amount: 5, allowed_models: ['fast'] });
    await h.store.knex('tokens').where('id', created.id).update({ amount_spent: 1.5 });
    const before = h.changes.length;
    const res = await h.post(`/admin/tokens/${created.id}/rotate`);
    expect(res.status).toBe(200);
    expect(res.body.key).toMatch(/^sk-[0-9A-Za-z]{48}$/);
    expect(res.body.key).not.toBe(created.key);
    expect(res.body).toMatchObject({ id: created.id, name: 'rot', max_amount: 5, amount_spent: 1.5, allowed_models: ['fast'], key_hint: `${res.body.key.slice(0, 4)}...${res.body.key.slice(-4)}` });
    expect(configChangesSince(h, before)).toEqual(['tokens']);
    expect(await h.store.tokens.getByKey(created.key)).toBeUndefined();
    expect((await h.store.tokens.getByKey(res.body.key))?.id).toBe(created.id);
    const [row] = (await h.adminLogs(2)).slice(-1);
    expect(row).toMatchObject({ operation: 'token.rotate', target: String(created.id), status_code: 200 });
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    expect((await h.get(`/admin/tokens/${created.id}`)).body).not.toHaveProperty('key');
    expect((await h.post('/admin/tokens/9999/rotate')).status).toBe(404);
  });

  it('reads expires_at in logging.timezone and shows it back the same way', async () => {
    const local = await h.post('/admin/tokens', { name: 'a', expires_at: '2099-05-01 08:30:00' });
    expect(local.status).toBe(201);
    expect(local.body.expires_at).toBe('2099-05-01 08:30:00');
    expect((await h.store.tokens.get(local.body.id))?.expires_at?.toISOString()).toBe('2099-05-01T00:30:00.000Z');
    const iso = await h.post('/admin/tokens', { name: 'b', expires_at: '2099-05-01T00:30:00Z' });
    expect(iso.body.expires_at).toBe('2099-05-01 08:30:00');
    expect((await h.get(`/admin/tokens/${iso.body.id}`)).body.expires_at).toBe('2099-05-01 08:30:00');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['a past expires_at', { name: 'x', expires_at: '2020-01-01 00:00:00' }, 'expires_at'],
    ['an unreadable expires_at', { name: 'x', expires_at: 'next tuesday' }, 'expires_at'],
    ['a negative max_amount', { name: 'x', max_amount: -1 }, 'max_amount'],
    ['a max_amount given as a string', { name: 'x', max_amount: '5' }, 'max_amount'],
    ['a missing name', { max_amount: 1 }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a zero rpm_limit', { name: 'x', rpm_limit: 0 }, 'rpm_limit'],
    ['a fractional tpm_limit', { name: 'x', tpm_limit: 1.5 }, 'tpm_limit'],
    ['a concurrency_limit given as a string', { name: 'x', concurrency_limit: '2' }, 'concurrency_limit'],
    ['an unknown field', { name: 'x', key: 'sk-mine' }, 'key'],
    ['allowed_models that is not a list', { name: 'x', allowed_models: 'gpt-4o' }, 'allowed_models'],
    ['unknown allowed_models', { name: 'x', allowed_models: ['gpt-4o', 'nope/gpt-4o', 'gpt-9'] }, '"nope/gpt-4o", "gpt-9"'],
  ];
  it.each(bad)('rejects %s with 400 invalid_request, creating nothing', async (_what, body, named) => {
    const before = h.changes.length;
    const res = await h.post('/admin/tokens', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(named);
    expect(await h.store.tokens.list()).toEqual([]);
    expect(configChangesSince(h, before)).toEqual([]);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'token.create', status_code: 400 });
  });

  it('allows max_amount 0 or null and an empty allow-list', async () => {
    const zero = await h.post('/admin/tokens', { name: 'zero', max_amount: 0, allowed_models: [] });
    expect(zero.status).toBe(201);
    expect(zero.body).toMatchObject({ max_amount: 0, remaining: 0, status: 'exhausted', allowed_models: [] });
    const unlimited = await h.post('/admin/tokens', { name: 'u', max_amount: null });
    expect(unlimited.body).toMatchObject({ max_amount: null, remaining: null, allowed_models: null, status: 'active' });
  });

  it('disables and enables, with status and disabled_reason following', async () => {
    const { body: t } = await h.post('/admin/tokens', { name: 't', enabled: false });
    expect(t).toMatchObject({ enabled: false, disabled_reason: 'manual', status: 'disabled' });
    const before = h.changes.length;
    const enabled = await h.post(`/admin/tokens/${t.id}/enable`);
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, status: 'active' });
    const disabled = await h.post(`/admin/tokens/${t.id}/disable`);
    expect(disabled.body).toMatchObject({ enabled: false, disabled_reason: 'manual', status: 'disabled' });
    expect(configChangesSince(h, before)).toEqual(['tokens', 'tokens']);
    const rows = await h.adminLogs(3);
    expect(rows.slice(1).map((r) => [r.operation, r.target])).toEqual([
      ['token.enable', String(t.id)],
      ['token.disable', String(t.id)],
    ]);
  });

  it('shows expired and exhausted tokens by status', async () => {
    const { body: t } = await h.post('/admin/tokens', { name: 't', max_amount: 1 });
    await h.store.knex('tokens').where('id', t.id).update({ amount_spent: 1.5, enabled: false, disabled_reason: 'exhausted' });
    expect((await h.get(`/admin/tokens/${t.id}`)).body).toMatchObject({ status: 'exhausted', remaining: 0, amount_spent: 1.5 });
    await h.store.tokens.update(t.id, { expires_at: new Date(Date.now() - 1000) });
    expect((await h.get(`/admin/tokens/${t.id}`)).body.status).toBe('expired');
  });

  it('re-enables an exhausted token when max_amount is raised above what it spent', async () => {
    const { body: t } = await h.post('/admin/tokens', { name: 't', max_amount: 1 });
    await h.store.knex('tokens').where('id', t.id).update({ amount_spent: 1, enabled: false, disabled_reason: 'exhausted' });
    const notEnough = await h.patch(`/admin/tokens/${t.id}`, { max_amount: 1 });
    expect(notEnough.body).toMatchObject({ enabled: false, disabled_reason: 'exhausted', status: 'exhausted' });
    const raised = await h.patch(`/admin/tokens/${t.id}`, { max_amount: 3 });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ max_amount: 3, remaining: 2, enabled: true, disabled_reason: null, status: 'active' });
  });

  it('keeps an operator disable when max_amount is raised', async () => {
    const { body: t } = await h.post('/admin/tokens', { name: 't', max_amount: 1, enabled: false });
    const res = await h.patch(`/admin/tokens/${t.id}`, { max_amount: 3 });
    expect(res.body).toMatchObject({ enabled: false, disabled_reason: 'manual', status: 'disabled' });
  });

  it('sets, shows, changes and clears the rate limits (rpm_limit, tpm_limit, concurrency_limit)', async () => {
    const { body: t } = await h.post('/admin/tokens', { name: 'limited', rpm_limit: 30, tpm_limit: 20_000, concurrency_limit: 2 });
    expect(t).toMatchObject({ rpm_limit: 30, tpm_limit: 20_000, concurrency_limit: 2 });
    expect((await h.get(`/admin/tokens/${t.id}`)).body).toMatchObject({ rpm_limit: 30, tpm_limit: 20_000, concurrency_limit: 2 });
    const patched = await h.patch(`/admin/tokens/${t.id}`, { rpm_limit: 60, concurrency_limit: null });
    expect(patched.body).toMatchObject({ rpm_limit: 60, tpm_limit: 20_000, concurrency_limit: null });
    expect(await h.store.tokens.get(t.id)).toMatchObject({ rpm_limit: 60, tpm_limit: 20_000, concurrency_limit: null });
    const row = (await h.adminLogs(2)).find((r) => r.operation === 'token.update');
    expect(row).toMatchObject({ status_code: 200 });
    expect(JSON.stringify(row)).toContain('"rpm_limit":60');
    expect((await h.patch(`/admin/tokens/${t.id}`, { tpm_limit: -5 })).status).toBe(400);
  });

  it('patches with the same rules as create, changing nothing on a bad value', async () => {
    const { body: t } = await h.post('/admin/tokens', { name: 't', allowed_models: ['fast'] });
    const ok = await h.patch(`/admin/tokens/${t.id}`, { name: 'renamed', allowed_models: null, expires_at: '2099-01-01 00:00:00' });
    expect(ok.body).toMatchObject({ name: 'renamed', allowed_models: null, expires_at: '2099-01-01 00:00:00' });
    for (const body of [{ allowed_models: ['nope'] }, { expires_at: '2000-01-01 00:00:00' }, { max_amount: -2 }, {}, { amount_spent: 0 }]) {
      const res = await h.patch(`/admin/tokens/${t.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await h.get(`/admin/tokens/${t.id}`)).body).toMatchObject({ name: 'renamed', allowed_models: null, max_amount: null });
  });

  it('lists, gets and deletes; an unknown id is 404 not_found', async () => {
    const { body: a } = await h.post('/admin/tokens', { name: 'a' });
    const { body: b } = await h.post('/admin/tokens', { name: 'b' });
    const list = await h.get('/admin/tokens');
    expect(list.body.data.map((t: { name: string }) => t.name)).toEqual(['a', 'b']);
    expect(list.body.next_cursor).toBeNull();
    const before = h.changes.length;
    expect((await h.del(`/admin/tokens/${a.id}`)).body).toEqual({ id: a.id, deleted: true });
    expect(configChangesSince(h, before)).toEqual(['tokens']);
    for (const path of [`/admin/tokens/${a.id}`, '/admin/tokens/abc', '/admin/tokens/0']) {
      const res = await h.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await h.post(`/admin/tokens/${a.id}/enable`)).status).toBe(404);
    expect((await h.store.tokens.list()).map((t) => t.id)).toEqual([b.id]);
  });
});
