import { configChangesSince, createProvider, startHarness, type Harness } from './harness';

const KEY_A = 'sk-alpha-0000000001';
const KEY_B = 'sk-bravo-0000000002';

describe('upstream keys', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await createProvider(h, { name: 'up', api_type: 'openai', base_url: 'https://up.example.com/v1', keys: [KEY_A] });
  });
  afterEach(async () => h.close());

  it('lists id, hint, enabled, created_at and the key health fields only', async () => {
    const res = await h.get('/admin/providers/up/keys');
    expect(res.status).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.data).toHaveLength(1);
    const [key] = res.body.data;
    expect(Object.keys(key).sort()).toEqual([
      'breaker', 'consecutive_failures', 'created_at', 'enabled', 'failures', 'hint', 'id', 'last_error', 'reason', 'since', 'state', 'successes', 'until',
    ]);
    expect(key).toMatchObject({ hint: 'sk-a...0001', state: 'active', reason: null, breaker: 'closed', successes: 0, failures: 0, last_error: null });
    expect(JSON.stringify(res.body)).not.toContain(KEY_A);
    const rows = await h.adminLogs(2);
    expect(rows.map((r) => r.operation)).toEqual(['provider.create', 'key.list']);
    expect(rows[1]).toMatchObject({ target: 'up', status_code: 200 });
  });

  it('shows plaintext with ?reveal=true and logs key.reveal without the key', async () => {
    const res = await h.get('/admin/providers/up/keys?reveal=true');
    expect(res.status).toBe(200);
    expect(res.body.data[0].key).toBe(KEY_A);
    const rows = await h.adminLogs(2);
    expect(rows[1]).toMatchObject({ operation: 'key.reveal', target: 'up', status_code: 200 });
    expect(JSON.stringify(rows)).not.toContain(KEY_A);
  });

  it('rejects an unknown reveal value or query parameter with 400', async () => {
    expect((await h.get('/admin/providers/up/keys?reveal=yes')).status).toBe(400);
    const res = await h.get('/admin/providers/up/keys?show=all');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('"show"');
  });

  it('adds many keys at once and publishes one change', async () => {
    const before = h.changes.length;
    const res = await h.post('/admin/providers/up/keys', { keys: [KEY_B, 'sk-charlie-000000003'] });
    expect(res.status).toBe(201);
    expect(res.body.data.map((k: { hint: string }) => k.hint)).toEqual(['sk-b...0002', 'sk-c...0003']);
    expect(configChangesSince(h, before)).toEqual(['keys']);
    expect(await h.store.keys.list((await h.store.providers.getByName('up'))!.id)).toHaveLength(3);
  });

  it('answers keys already on the provider with 409 naming them by hint, adding none', async () => {
    const before = h.changes.length;
    const res = await h.post('/admin/providers/up/keys', { keys: [KEY_B, KEY_A] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('keys[1] (sk-a...0001) is already on provider "up"');
    expect(res.body.error.message).not.toContain(KEY_A);
    expect(await h.store.keys.list((await h.store.providers.getByName('up'))!.id)).toHaveLength(1);
    expect(configChangesSince(h, before)).toEqual([]);
    const rows = await h.adminLogs(2);
    expect(rows[1]).toMatchObject({ operation: 'key.add', status_code: 409 });
  });

  it('names keys already stored and keys repeated in the request in one 409, by position', async () => {
    const res = await h.post('/admin/providers/up/keys', { keys: [KEY_A, KEY_B, KEY_B] });
    expect(res.status).toBe(409);
    expect(res.body.error.param).toBe('keys');
    expect(res.body.error.message).toBe(
      'duplicate upstream keys: keys[0] (sk-a...0001) is already on provider "up"; keys[2] (sk-b...0002) repeats an earlier key in the request',
    );
    expect(await h.store.keys.list((await h.store.providers.getByName('up'))!.id)).toHaveLength(1);
  });

  it.each([
    ['an empty list', { keys: [] }],
    ['a key with whitespace', { keys: ['sk-a b'] }],
    ['no keys field', {}],
  ])('rejects %s with 400 invalid_request', async (_what, body) => {
    const res = await h.post('/admin/providers/up/keys', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('keys');
    expect(await h.store.keys.list((await h.store.providers.getByName('up'))!.id)).toHaveLength(1);
  });

  it('deletes by id; a missing id is 404 key_not_found', async () => {
    const [key] = (await h.get('/admin/providers/up/keys')).body.data;
    const before = h.changes.length;
    const res = await h.del(`/admin/providers/up/keys/${key.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: key.id, deleted: true });
    expect(configChangesSince(h, before)).toEqual(['keys']);
    for (const id of [key.id, 'abc', 999]) {
      const missing = await h.del(`/admin/providers/up/keys/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('key_not_found');
    }
    const rows = await h.adminLogs(6);
    expect(rows.slice(-4).map((r) => [r.operation, r.status_code])).toEqual([
      ['key.delete', 200],
      ['key.delete', 404],
      ['key.delete', 404],
      ['key.delete', 404],
    ]);
  });

  it('a key on another provider cannot be deleted through this one', async () => {
    await createProvider(h, { name: 'other', api_type: 'openai', base_url: 'https://o.example.com/v1', keys: [KEY_B] });
    const [otherKey] = (await h.get('/admin/providers/other/keys')).body.data;
    const res = await h.del(`/admin/providers/up/keys/${otherKey.id}`);
    expect(res.status).toBe(404);
    expect(await h.store.keys.list((await h.store.providers.getByName('other'))!.id)).toHaveLength(1);
  });
});

describe('upstream keys with key_display = none', () => {
  it('shows no hint in lists or admin_logs', async () => {
    const h = await startHarness({ logging: { key_display: 'none' } });
    try {
      await createProvider(h, { name: 'up', api_type: 'openai', base_url: 'https://up.example.com/v1', keys: [KEY_A] });
      const res = await h.get('/admin/providers/up/keys');
      expect(res.body.data[0].hint).toBeNull();
      const dup = await h.post('/admin/providers/up/keys', { keys: [KEY_A] });
      expect(dup.status).toBe(409);
      expect(dup.body.error.message).not.toContain('sk-a');
      const rows = await h.adminLogs(3);
      expect(JSON.stringify(rows)).not.toContain('sk-a');
    } finally {
      await h.close();
    }
  });
});
