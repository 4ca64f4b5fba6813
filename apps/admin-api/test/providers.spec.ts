import { configChangesSince, createProvider, startHarness, type Harness } from './harness';

const valid = { name: 'openai', api_type: 'openai', base_url: 'https://api.openai.com/v1' };

describe('providers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('creates a provider with initial keys, publishes a change and logs provider.create', async () => {
    const before = h.changes.length;
    const res = await h.post('/admin/providers', { ...valid, key_strategy: 'round_robin', keys: ['sk-first-key-0001', 'sk-second-key-0002'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'openai',
      api_type: 'openai',
      base_url: 'https://api.openai.com/v1',
      models_endpoint: null,
      key_strategy: 'round_robin',
      enabled: true,
      key_count: 2,
      model_count: 0,
    });
    expect(res.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(res.body.note).toBeUndefined();
    expect(configChangesSince(h, before)).toEqual(['providers']);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'provider.create', target: 'openai', status_code: 201, error_message: null });
    expect(row?.detail).toMatchObject({ api_type: 'openai', key_count: 2 });
    expect(JSON.stringify(row)).not.toContain('sk-first-key-0001');
  });

  it('appends /v1 to an openai base URL without a path and says so in note', async () => {
    const res = await h.post('/admin/providers', { ...valid, base_url: 'https://relay.example.com/' });
    expect(res.status).toBe(201);
    expect(res.body.base_url).toBe('https://relay.example.com/v1');
    expect(res.body.note).toContain('/v1');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['an upper-case name', { ...valid, name: 'OpenAI' }, 'name'],
    ['a name with a slash', { ...valid, name: 'a/b' }, 'name'],
    ['a name starting with "-"', { ...valid, name: '-x' }, 'name'],
    ['a 65-character name', { ...valid, name: 'a'.repeat(65) }, 'name'],
    ['a missing name', { api_type: 'openai', base_url: valid.base_url }, 'name'],
    ['an unknown api_type', { ...valid, api_type: 'gemini' }, 'api_type'],
    ['a base_url that is not http(s)', { ...valid, base_url: 'ftp://example.com/v1' }, 'base_url'],
    ['a base_url that is not a URL', { ...valid, base_url: 'example.com' }, 'base_url'],
    ['a models_endpoint without a leading slash', { ...valid, models_endpoint: 'models' }, 'models_endpoint'],
    ['an unknown key_strategy', { ...valid, key_strategy: 'fastest' }, 'key_strategy'],
    ['keys that are not strings', { ...valid, keys: [42] }, 'keys[0]'],
    ['an empty key', { ...valid, keys: [''] }, 'keys[0]'],
    ['an unknown field', { ...valid, colour: 'blue' }, 'colour'],
  ];
  it.each(bad)('rejects %s with 400 invalid_request naming the field, writing nothing', async (_what, body, field) => {
    const res = await h.post('/admin/providers', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(field);
    expect(await h.store.providers.list()).toEqual([]);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'provider.create', status_code: 400 });
    expect(row?.error_message).toContain(field);
  });

  it('rejects malformed JSON with 400 invalid_request', async () => {
    const res = await h.post('/admin/providers').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(await h.store.providers.list()).toEqual([]);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'provider.create', status_code: 400, error_message: 'request body is not valid JSON' });
  });

  it('answers a duplicate name with 409 conflict and keeps the first', async () => {
    await createProvider(h, valid);
    const before = h.changes.length;
    const res = await h.post('/admin/providers', { ...valid, base_url: 'https://other.example.com/v1' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const list = await h.store.providers.list();
    expect(list.map((p) => p.base_url)).toEqual(['https://api.openai.com/v1']);
    expect(configChangesSince(h, before)).toEqual([]);
  });

  it('answers repeated initial keys with 409 conflict naming them by hint, creating nothing', async () => {
    const res = await h.post('/admin/providers', { ...valid, keys: ['sk-same-key-123456', 'sk-same-key-123456'] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('keys[1] (sk-s...3456)');
    expect(res.body.error.message).not.toContain('sk-same-key-123456');
    expect(await h.store.providers.list()).toEqual([]);
  });

  it('lists and gets providers; an unknown one is 404 provider_not_found', async () => {
    await createProvider(h, valid);
    await createProvider(h, { name: 'glm', api_type: 'zhipu', base_url: 'https://open.bigmodel.cn' });
    const list = await h.get('/admin/providers');
    expect(list.status).toBe(200);
    expect(list.body.next_cursor).toBeNull();
    expect(list.body.data.map((p: { name: string }) => p.name)).toEqual(['glm', 'openai']);
    expect((await h.get('/admin/providers/glm')).body).toMatchObject({ name: 'glm', api_type: 'zhipu' });
    const missing = await h.get('/admin/providers/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('provider_not_found');
  });

  it('patches fields, normalizes a new base_url, and refuses a rename or an empty patch', async () => {
    await createProvider(h, valid);
    const before = h.changes.length;
    const res = await h.patch('/admin/providers/openai', { base_url: 'https://relay.example.com', key_strategy: 'random', models_endpoint: '/models' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ base_url: 'https://relay.example.com/v1', key_strategy: 'random', models_endpoint: '/models' });
    expect(res.body.note).toContain('/v1');
    expect(configChangesSince(h, before)).toEqual(['providers']);

    const rename = await h.patch('/admin/providers/openai', { name: 'other' });
    expect(rename.status).toBe(400);
    expect(rename.body.error.message).toContain('"name"');
    const empty = await h.patch('/admin/providers/openai', {});
    expect(empty.status).toBe(400);
    const badUrl = await h.patch('/admin/providers/openai', { base_url: 'nope' });
    expect(badUrl.status).toBe(400);
    expect((await h.store.providers.getByName('openai'))?.base_url).toBe('https://relay.example.com/v1');
    expect(configChangesSince(h, before)).toEqual(['providers']);
  });

  it('responses_api: false by default, set on create, patched, shown by get; refused on a non-openai type', async () => {
    const created = await h.post('/admin/providers', { ...valid, responses_api: true });
    expect(created.status).toBe(201);
    expect(created.body.responses_api).toBe(true);
    await createProvider(h, { name: 'glm', api_type: 'zhipu', base_url: 'https://open.bigmodel.cn' });
    expect((await h.get('/admin/providers/glm')).body.responses_api).toBe(false);
    expect((await h.patch('/admin/providers/openai', { responses_api: false })).body.responses_api).toBe(false);
    expect((await h.get('/admin/providers/openai')).body.responses_api).toBe(false);
    expect((await h.patch('/admin/providers/openai', { responses_api: true })).body.responses_api).toBe(true);

    const onZhipu = await h.patch('/admin/providers/glm', { responses_api: true });
    expect(onZhipu.status).toBe(400);
    expect(onZhipu.body.error).toMatchObject({ code: 'invalid_request', param: 'responses_api' });
    const typeChange = await h.patch('/admin/providers/openai', { api_type: 'anthropic' });
    expect(typeChange.status).toBe(400);
    expect(typeChange.body.error.param).toBe('responses_api');
    expect((await h.patch('/admin/providers/openai', { api_type: 'anthropic', responses_api: false })).status).toBe(200);
    const create = await h.post('/admin/providers', { name: 'claude', api_type: 'anthropic', base_url: 'https://api.anthropic.com', responses_api: true });
    expect(create.status).toBe(400);
    expect(await h.store.providers.getByName('claude')).toBeUndefined();
    const notBool = await h.post('/admin/providers', { ...valid, name: 'x', responses_api: 'yes' });
    expect(notBool.status).toBe(400);
    expect(notBool.body.error.message).toContain('responses_api');
  });

  it('deletes with its keys, models and prices, logging one row for each removed thing', async () => {
    await createProvider(h, { ...valid, keys: ['sk-delete-me-000001', 'sk-delete-me-000002'] });
    const provider = await h.store.providers.getByName('openai');
    await h.store.models.add(provider!.id, ['gpt-4o', 'gpt-4o-mini']);
    await h.store.prices.put({ provider_id: provider!.id, model_id: 'gpt-4o', prompt_per_million: 2.5, completion_per_million: 10, currency: 'USD' });
    const before = h.changes.length;

    const res = await h.del('/admin/providers/openai');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'openai', deleted: true, removed: { keys: 2, models: 2, prices: 1 } });
    expect(configChangesSince(h, before)).toEqual(['providers']);
    expect(await h.store.providers.list()).toEqual([]);
    expect(await h.store.models.list()).toEqual([]);
    expect(await h.store.prices.list()).toEqual([]);

    const rows = (await h.adminLogs(7)).filter((r) => r.method === 'DELETE');
    expect(rows.map((r) => [r.operation, r.target])).toEqual([
      ['provider.delete', 'openai'],
      ['provider.delete.key', 'openai'],
      ['provider.delete.key', 'openai'],
      ['provider.delete.model', 'openai/gpt-4o'],
      ['provider.delete.model', 'openai/gpt-4o-mini'],
      ['provider.delete.price', 'openai/gpt-4o'],
    ]);
    expect(rows.every((r) => r.status_code === 200)).toBe(true);
    expect(rows[5]?.detail).toMatchObject({ prompt_per_million: 2.5, completion_per_million: 10, currency: 'USD' });
    expect(JSON.stringify(rows)).not.toContain('sk-delete-me');

    const again = await h.del('/admin/providers/openai');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('provider_not_found');
  });
});

describe('request bodies over server.body_limit', () => {
  it('are refused with 413 payload_too_large, logged under their operation', async () => {
    const h = await startHarness({ server: { body_limit: '1kb' } });
    try {
      const res = await h.post('/admin/providers', { ...valid, keys: Array.from({ length: 100 }, (_, i) => `sk-padding-key-${i}`) });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
      expect(await h.store.providers.list()).toEqual([]);
      const [row] = await h.adminLogs(1);
      expect(row).toMatchObject({ operation: 'provider.create', status_code: 413 });
    } finally {
      await h.close();
    }
  });
});
