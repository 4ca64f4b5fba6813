import type { Dialect } from '@aigw/store';
import { seedProvider, startHarness, type Harness } from './harness';

const TABLES = ['providers', 'provider_keys', 'models', 'aliases', 'model_prices', 'tokens'] as const;

type Case = [name: string, method: 'post' | 'put' | 'patch' | 'del' | 'get', path: string, body: unknown, param: string];

const PRICE = { provider: 'up', model: 'gpt-4o', prompt_per_million: 1, completion_per_million: 2 };
const PROVIDER = { name: 'p2', api_type: 'openai', base_url: 'http://127.0.0.1:9/v1' };

/** Each must be refused with 400 invalid_request naming the field, before anything is written. */
const CASES: Case[] = [
  ['a token expiring in year 10000', 'post', '/admin/tokens', { name: 'x', expires_at: '+010000-01-01T00:00:00Z' }, 'expires_at'],
  ['a token expiring on the last day of 9999 (year 10000 in some zones)', 'post', '/admin/tokens', { name: 'x', expires_at: '9999-12-31T23:00:00Z' }, 'expires_at'],
  ['a token name with NUL', 'post', '/admin/tokens', { name: 'a\u0000b' }, 'name'],
  ['a token name with a control character', 'post', '/admin/tokens', { name: 'bell\u0007' }, 'name'],
  ['allowed_models with NUL', 'post', '/admin/tokens', { name: 'x', allowed_models: ['up/gpt-4o\u0000'] }, 'allowed_models[0]'],
  ['allowed_models too long', 'post', '/admin/tokens', { name: 'x', allowed_models: ['m'.repeat(400)] }, 'allowed_models[0]'],
  ['a token patch to year 10000', 'patch', '/admin/tokens/1', { expires_at: '+010000-01-01T00:00:00Z' }, 'expires_at'],
  ['a token patch with NUL in the name', 'patch', '/admin/tokens/1', { name: '\u0000' }, 'name'],
  ['a 256-character alias', 'put', `/admin/aliases/${'a'.repeat(256)}`, { target: 'up/gpt-4o' }, 'alias'],
  ['an alias with NUL', 'put', '/admin/aliases/bad%00name', { target: 'up/gpt-4o' }, 'alias'],
  ['an alias delete with NUL', 'del', '/admin/aliases/bad%00name', undefined, 'alias'],
  ['an alias get with NUL', 'get', '/admin/aliases/bad%00name', undefined, 'alias'],
  ['an alias target with NUL', 'put', '/admin/aliases/ok', { target: 'up/gpt-4o\u0000' }, 'target'],
  ['a models_endpoint with NUL', 'post', '/admin/providers', { ...PROVIDER, models_endpoint: '/models\u0000' }, 'models_endpoint'],
  ['a base_url with NUL', 'post', '/admin/providers', { ...PROVIDER, base_url: 'http://127.0.0.1:9/v1\u0000x' }, 'base_url'],
  ['a base_url with a control character', 'patch', '/admin/providers/up', { base_url: 'http://127.0.0.1:9/v\u00011' }, 'base_url'],
  ['an initial key with NUL', 'post', '/admin/providers', { ...PROVIDER, keys: ['sk-a\u0000b'] }, 'keys[0]'],
  ['a patched models_endpoint with a control character', 'patch', '/admin/providers/up', { models_endpoint: '/m\u0001' }, 'models_endpoint'],
  ['a key with NUL', 'post', '/admin/providers/up/keys', { keys: ['sk-\u0000'] }, 'keys[0]'],
  ['a key too long', 'post', '/admin/providers/up/keys', { keys: ['k'.repeat(1025)] }, 'keys[0]'],
  ['a 256-character model id', 'post', '/admin/providers/up/models', { ids: ['m'.repeat(256)] }, 'ids[0]'],
  ['a model id with NUL to remove', 'del', '/admin/providers/up/models', { ids: ['m\u0000'] }, 'ids[0]'],
  ['a price for a model with NUL', 'put', '/admin/prices', { ...PRICE, model: 'gpt-4o\u0000' }, 'model'],
  ['a price for a provider with NUL', 'put', '/admin/prices', { ...PRICE, provider: 'up\u0000' }, 'provider'],
  ['a price with a currency with NUL', 'put', '/admin/prices', { ...PRICE, currency: 'US\u0000' }, 'currency'],
  ['a price delete for a model with NUL', 'del', '/admin/prices/up/gpt%00x', undefined, 'model'],
  ['a logs model filter with NUL', 'get', '/admin/logs?model=%00', undefined, 'model'],
  ['a logs token filter with NUL', 'get', '/admin/logs?token=sk-%00', undefined, 'token'],
  ['a logs provider filter too long', 'get', `/admin/logs?provider=${'p'.repeat(256)}`, undefined, 'provider'],
  ['a logs from in year 10000', 'get', '/admin/logs?from=%2B010000-01-01T00:00:00Z', undefined, 'from'],
  ['an admin-logs to before 1970', 'get', '/admin/admin-logs?to=1960-01-01T00:00:00Z', undefined, 'to'],
];

describe.each(['sqlite', 'pg'] as Dialect[])('admin input that the columns cannot hold (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { dialect });
    await seedProvider(h, 'up', ['gpt-4o']);
    await h.store.tokens.create({ key: 'sk-poison-test-token', name: 'first' });
  });
  afterAll(async () => h.close());

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await h.store.knex(table).count({ n: '*' });
      out[table] = Number(row?.n);
    }
    return out;
  }

  it.each(CASES)('%s: 400 invalid_request naming it, nothing written', async (_name, method, path, body, param) => {
    const before = await counts();
    const res = await h[method](path, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', param });
    expect(res.body.error.message).toContain(param.replace(/\[\d+\]$/, ''));
    expect(await counts()).toEqual(before);
    const tokens = await h.get('/admin/tokens');
    expect(tokens.status).toBe(200);
    expect(tokens.body.data.map((t: { name: string }) => t.name)).toEqual(['first']);
  });

  it('a provider name in a path that no provider can have is 404 provider_not_found, not 500', async () => {
    const res = await h.get('/admin/providers/bad%00name');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('provider_not_found');
  });

  it('a body nested deeper than server.json_max_depth is 400 before any handler walks it', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const res = await h.post('/admin/tokens').set('content-type', 'application/json').send(`{"name":"x","allowed_models":${deep}}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', message: 'request body nests deeper than 64 levels (server.json_max_depth)' });
  });

  it('a malformed percent-encoding in an admin path is 400 invalid_request', async () => {
    for (const path of ['/admin/tokens/%ZZ', '/admin/aliases/%E0%A4%A', '/admin/providers/%E0/keys']) {
      const res = await h.get(path);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', message: 'the request path has a malformed percent-encoding' });
    }
  });

  it('an id beyond the integer column is 404, not 500', async () => {
    for (const path of ['/admin/tokens/99999999999', '/admin/tokens/2147483648']) {
      const res = await h.get(path);
      expect(res.status).toBe(404);
    }
    expect((await h.del('/admin/providers/up/keys/99999999999')).status).toBe(404);
  });

  it('every refused request left its admin_logs row', async () => {
    const rows = await h.adminLogs(CASES.length);
    expect(rows.filter((r) => r.status_code === 400).length).toBeGreaterThanOrEqual(CASES.length);
  });
});

describe.each(['sqlite', 'pg'] as Dialect[])('a token row the store cannot read (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { dialect });
  });
  afterAll(async () => h.close());

  it('is left out of GET /admin/tokens, which still answers with the others', async () => {
    const ok = await h.post('/admin/tokens', { name: 'ok' });
    const broken = await h.post('/admin/tokens', { name: 'broken' });
    const badJson = await h.post('/admin/tokens', { name: 'bad-json' });
    // Written straight into the database, as an older version or a hand edit could have left it.
    await h.store.knex('tokens').where('id', broken.body.id).update({ expires_at: dialect === 'sqlite' ? '10000-01-01 08:00:00.000+08:00' : 'infinity' });
    await h.store.knex('tokens').where('id', badJson.body.id).update({ allowed_models: '["up/gpt-4o"' });
    const res = await h.get('/admin/tokens');
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { id: number }) => t.id)).toEqual([ok.body.id]);
  });

  it('a provider row that cannot be read is left out of GET /admin/providers, GET /admin/models and GET /admin/prices', async () => {
    const created = await h.post('/admin/providers', { name: 'broken-prov', api_type: 'openai', base_url: 'http://127.0.0.1:9/v1' });
    expect(created.status).toBe(201);
    await h.store.knex('providers').where('name', 'broken-prov').update({ created_at: dialect === 'sqlite' ? 'not a time' : 'infinity' });
    for (const path of ['/admin/providers', '/admin/models', '/admin/prices']) {
      const res = await h.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(JSON.stringify(res.body)).not.toContain('broken-prov');
    }
    await h.store.knex('providers').where('name', 'broken-prov').del();
  });

  it('can still be deleted by id, with its admin_logs row', async () => {
    const broken = await h.post('/admin/tokens', { name: 'to-delete' });
    await h.store.knex('tokens').where('id', broken.body.id).update({ allowed_models: '{not json' });
    const res = await h.del(`/admin/tokens/${broken.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: broken.body.id, deleted: true });
    expect(await h.store.knex('tokens').where('id', broken.body.id).first()).toBeUndefined();
    let logged;
    // The admin_logs row is written when the response finishes, so it may land just after.
    for (let i = 0; i < 100 && !logged; i++) {
      logged = (await h.store.adminLogs.list({ operation: 'token.delete', limit: 10 })).find((l) => l.target === String(broken.body.id));
      if (!logged) await new Promise((r) => setTimeout(r, 10));
    }
    expect(logged).toMatchObject({ status_code: 200, detail: { name: 'to-delete' } });
    expect((await h.del(`/admin/tokens/${broken.body.id}`)).status).toBe(404);
  });
});
