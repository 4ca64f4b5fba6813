import { configChangesSince, createProvider, seedProvider, startFakeUpstream, startHarness, type FakeUpstream, type Harness } from './harness';

describe('model discovery and the catalog', () => {
  let h: Harness;
  let upstream: FakeUpstream;
  beforeEach(async () => {
    h = await startHarness();
    upstream = await startFakeUpstream();
    await createProvider(h, { name: 'up', api_type: 'openai', base_url: upstream.baseUrl, keys: ['sk-upstream-key-0001'] });
  });
  afterEach(async () => {
    await upstream.close();
    await h.close();
  });

  const catalogIds = async () => (await h.store.models.list()).map((m) => `${m.provider}/${m.model_id}`);

  it('asks the upstream now with the first enabled key and marks catalog ids, storing nothing', async () => {
    const first = await h.get('/admin/providers/up/upstream-models');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      data: [
        { id: 'gpt-4o-mini', in_catalog: false },
        { id: 'gpt-4o', in_catalog: false },
      ],
      next_cursor: null,
    });
    expect(upstream.seenAuth).toEqual(['Bearer sk-upstream-key-0001']);
    expect(await catalogIds()).toEqual([]);

    await h.post('/admin/providers/up/models', { ids: ['gpt-4o'] });
    const second = await h.get('/admin/providers/up/upstream-models');
    expect(second.body.data).toEqual([
      { id: 'gpt-4o-mini', in_catalog: false },
      { id: 'gpt-4o', in_catalog: true },
    ]);
    expect(upstream.seenAuth).toHaveLength(3);
    const rows = await h.adminLogs(4);
    expect(rows[1]).toMatchObject({ operation: 'models.discover', target: 'up', status_code: 200 });
  });

  it('turns an upstream failure into upstream_error with its status and body', async () => {
    upstream.answer = { status: 401, body: '{"error":{"message":"bad key"}}' };
    const res = await h.get('/admin/providers/up/upstream-models');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('upstream_error');
    expect(res.body.error.message).toContain('401');
    expect(res.body.error.message).toContain('bad key');
    upstream.answer = { status: 503, body: 'overloaded' };
    const down = await h.get('/admin/providers/up/upstream-models');
    expect(down.status).toBe(502);
    expect(down.body.error.message).toContain('overloaded');
  });

  it('says no_upstream_key when the provider has no enabled key', async () => {
    await createProvider(h, { name: 'keyless', api_type: 'openai', base_url: upstream.baseUrl });
    const res = await h.get('/admin/providers/keyless/upstream-models');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('no_upstream_key');
  });

  it('adds ids the upstream offers, skipping ones already there, and publishes a change', async () => {
    const before = h.changes.length;
    const res = await h.post('/admin/providers/up/models', { ids: ['gpt-4o', 'gpt-4o-mini'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ provider: 'up', added: ['gpt-4o', 'gpt-4o-mini'], existing: [] });
    expect(configChangesSince(h, before)).toEqual(['models']);
    const again = await h.post('/admin/providers/up/models', { ids: ['gpt-4o'] });
    expect(again.body).toEqual({ provider: 'up', added: [], existing: ['gpt-4o'] });
    expect(await catalogIds()).toEqual(['up/gpt-4o', 'up/gpt-4o-mini']);
  });

  it('rejects ids the upstream does not offer with 400 naming them, adding nothing', async () => {
    const res = await h.post('/admin/providers/up/models', { ids: ['gpt-4o', 'gpt-5-imaginary'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('"gpt-5-imaginary"');
    expect(res.body.error.message).not.toContain('"gpt-4o"');
    expect(await catalogIds()).toEqual([]);
  });

  it('adds ids the upstream does not list with unlisted: true, marked so in GET /admin/models and the admin_logs row', async () => {
    const refused = await h.post('/admin/providers/up/models', { ids: ['relay-only'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('"unlisted": true');
    const before = h.changes.length;
    const res = await h.post('/admin/providers/up/models', { ids: ['gpt-4o', 'relay-only'], unlisted: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ provider: 'up', added: ['gpt-4o', 'relay-only'], existing: [], unlisted: ['relay-only'] });
    expect(configChangesSince(h, before)).toEqual(['models']);
    const listed = await h.get('/admin/models');
    expect(listed.body.data.map((m: Record<string, unknown>) => [m.id, m.unlisted])).toEqual([
      ['up/gpt-4o', false],
      ['up/relay-only', true],
    ]);
    const again = await h.post('/admin/providers/up/models', { ids: ['relay-only'], unlisted: true });
    expect(again.body).toEqual({ provider: 'up', added: [], existing: ['relay-only'], unlisted: [] });
    const rows = await h.adminLogs(4);
    expect(rows[2]).toMatchObject({ operation: 'models.add', actor: 'admin', detail: expect.objectContaining({ added: ['gpt-4o', 'relay-only'], unlisted: ['relay-only'] }) });
    expect((await h.post('/admin/providers/up/models', { ids: ['x'], unlisted: 'yes' })).status).toBe(400);
  });

  it.each([
    ['an empty list', { ids: [] }],
    ['a non-string id', { ids: [1] }],
    ['an id with whitespace', { ids: ['gpt 4o'] }],
    ['an unknown field', { ids: ['gpt-4o'], all: true }],
  ])('rejects %s with 400 invalid_request', async (_what, body) => {
    const res = await h.post('/admin/providers/up/models', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(await catalogIds()).toEqual([]);
  });

  it('accepts ids as given for a provider without a models endpoint; discovery says so', async () => {
    await createProvider(h, { name: 'glm', api_type: 'zhipu', base_url: 'https://open.bigmodel.cn', keys: ['zhipu-key-00000001'] });
    const discover = await h.get('/admin/providers/glm/upstream-models');
    expect(discover.status).toBe(400);
    expect(discover.body.error.code).toBe('invalid_request');
    expect(discover.body.error.message).toContain('no models endpoint');
    const add = await h.post('/admin/providers/glm/models', { ids: ['glm-4.6', 'glm-4.5-air'] });
    expect(add.status).toBe(200);
    expect(add.body.added).toEqual(['glm-4.6', 'glm-4.5-air']);
  });

  it('removes ids and reports which were not there', async () => {
    await h.post('/admin/providers/up/models', { ids: ['gpt-4o', 'gpt-4o-mini'] });
    const before = h.changes.length;
    const res = await h.del('/admin/providers/up/models', { ids: ['gpt-4o', 'nope'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ provider: 'up', removed: ['gpt-4o'], missing: ['nope'] });
    expect(configChangesSince(h, before)).toEqual(['models']);
    expect(await catalogIds()).toEqual(['up/gpt-4o-mini']);
    const rows = await h.adminLogs(3);
    expect(rows[2]).toMatchObject({ operation: 'models.remove', target: 'up', detail: expect.objectContaining({ removed: ['gpt-4o'], missing: ['nope'] }) });
  });

  it('lists the catalog with provider names and whether a price is set', async () => {
    const id = await seedProvider(h, 'glm', ['glm-4.6']);
    await h.store.prices.put({ provider_id: id, model_id: 'glm-4.6', prompt_per_million: 1, completion_per_million: 2, currency: 'USD' });
    await h.post('/admin/providers/up/models', { ids: ['gpt-4o'] });
    const res = await h.get('/admin/models');
    expect(res.status).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.data.map((m: Record<string, unknown>) => [m.id, m.provider, m.model, m.price_set])).toEqual([
      ['glm/glm-4.6', 'glm', 'glm-4.6', true],
      ['up/gpt-4o', 'up', 'gpt-4o', false],
    ]);
  });

  it('keeps max_output_tokens: set on add, changed and cleared with PATCH, listed, published as a change', async () => {
    const add = await h.post('/admin/providers/up/models', { ids: ['gpt-4o'], max_output_tokens: 16384 });
    expect(add.status).toBe(200);
    await h.post('/admin/providers/up/models', { ids: ['gpt-4o-mini'] });
    const listed = async () => (await h.get('/admin/models')).body.data.map((m: Record<string, unknown>) => [m.id, m.max_output_tokens]);
    expect(await listed()).toEqual([
      ['up/gpt-4o', 16384],
      ['up/gpt-4o-mini', null],
    ]);
    const before = h.changes.length;
    const patched = await h.patch('/admin/providers/up/models/gpt-4o-mini', { max_output_tokens: 4096 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'up/gpt-4o-mini', model: 'gpt-4o-mini', max_output_tokens: 4096, price_set: false });
    expect(configChangesSince(h, before)).toEqual(['models']);
    expect((await h.patch('/admin/providers/up/models/gpt-4o', { max_output_tokens: null })).body.max_output_tokens).toBeNull();
    expect(await listed()).toEqual([
      ['up/gpt-4o', null],
      ['up/gpt-4o-mini', 4096],
    ]);
    const updates = (await h.adminLogs(7)).filter((r) => r.operation === 'models.update');
    expect(updates.map((r) => [r.target, r.status_code, r.detail])).toEqual([
      ['up', 200, expect.objectContaining({ model: 'gpt-4o-mini', max_output_tokens: 4096 })],
      ['up', 200, expect.objectContaining({ model: 'gpt-4o', max_output_tokens: null })],
    ]);
  });

  it('refuses a max_output_tokens that is not a whole number of tokens, an empty patch, and a model not in the catalog', async () => {
    await h.post('/admin/providers/up/models', { ids: ['gpt-4o'] });
    for (const bad of [0, -5, 1.5, '8192', 2 ** 31]) {
      const res = await h.patch('/admin/providers/up/models/gpt-4o', { max_output_tokens: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('max_output_tokens');
    }
    expect((await h.post('/admin/providers/up/models', { ids: ['gpt-4o-mini'], max_output_tokens: 0 })).status).toBe(400);
    expect((await h.patch('/admin/providers/up/models/gpt-4o', {})).status).toBe(400);
    const missing = await h.patch('/admin/providers/up/models/o3', { max_output_tokens: 100 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('model_not_found');
    expect((await h.store.models.list()).map((m) => m.max_output_tokens)).toEqual([null]);
  });

  it('answers an unknown provider with 404 provider_not_found', async () => {
    for (const res of [await h.get('/admin/providers/nope/upstream-models'), await h.post('/admin/providers/nope/models', { ids: ['x'] })]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('provider_not_found');
    }
  });
});
