import { dropSchema, startFakeUpstream, testPostgresUrl, uniqueSchema, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

/** Inputs that once broke the gateway: each is refused (or bounded) and the gateway keeps serving. */
describe.each(['sqlite', 'pg'] as const)('hostile inputs on the data plane (%s)', (dialect) => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const schema = uniqueSchema('t_sa_inputs');

  beforeAll(async () => {
    fake = await startFakeUpstream();
    const database = dialect === 'pg' ? { url: testPostgresUrl(), schema } : {};
    gw = await startTestGateway({ database, security: { secret: 'inputs-test-secret' } });
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['k1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 1 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['k2'], models: [{ id: 'claude-x', prompt: 1, completion: 1 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
    if (dialect === 'pg') await dropSchema(testPostgresUrl(), schema);
  });
  beforeEach(() => fake.reset());

  /** OpenAI error bodies carry code and param; Anthropic ones (on /v1/messages) a type and the message. */
  async function post(path: string, body: string): Promise<{ status: number; headers: Headers; json: { error?: { code?: string; type: string; message: string; param?: string | null } } }> {
    const res = await gw.raw(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    return { status: res.status, headers: res.headers, json: (await res.json()) as never };
  }
  const chat = (extra: Record<string, unknown>) => JSON.stringify({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra });
  const message = (extra: Record<string, unknown>) => JSON.stringify({ model: 'claude/claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra });

  it.each([
    ['/v1/chat/completions', 'a 256-character model', chat({ model: `up/${'m'.repeat(253)}` })],
    ['/v1/chat/completions', 'a model with a control character', chat({ model: 'up/gpt-4o-mini\u0000' })],
    ['/v1/messages', 'a 256-character model', message({ model: 'm'.repeat(256) })],
    ['/v1/messages', 'a model with a control character', message({ model: 'claude/claude-x\n' })],
  ])('%s: %s is 400 invalid_request naming model', async (path, _name, body) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/^model must/) });
    if (path === '/v1/chat/completions') expect(res.json.error).toMatchObject({ code: 'invalid_request', param: 'model' });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['/v1/chat/completions', 'messages a string', JSON.stringify({ model: 'up/gpt-4o-mini', messages: 'hi' }), 'messages', 'messages must be an array'],
    ['/v1/chat/completions', 'messages null', JSON.stringify({ model: 'up/gpt-4o-mini', messages: null }), 'messages', 'messages must be an array'],
    ['/v1/chat/completions', 'no messages', JSON.stringify({ model: 'up/gpt-4o-mini' }), 'messages', 'messages is required'],
    ['/v1/chat/completions', 'model a number', JSON.stringify({ model: 7, messages: [] }), 'model', 'model must be a string'],
    ['/v1/chat/completions', 'no model', JSON.stringify({ messages: [] }), 'model', 'model is required'],
    ['/v1/messages', 'messages a string', JSON.stringify({ model: 'claude/claude-x', max_tokens: 10, messages: 'hi' }), 'messages', 'messages must be an array'],
    ['/v1/messages', 'no messages', JSON.stringify({ model: 'claude/claude-x', max_tokens: 10 }), 'messages', 'messages is required'],
    ['/v1/messages', 'max_tokens a string', message({ max_tokens: '10' }), 'max_tokens', 'max_tokens must be a number'],
    ['/v1/messages', 'no max_tokens', message({ max_tokens: undefined }), 'max_tokens', 'max_tokens is required'],
    ['/v1/messages', 'model a number', message({ model: 7 }), 'model', 'model must be a non-empty string'],
    ['/v1/messages', 'no model', message({ model: undefined }), 'model', 'model is required'],
  ])('%s: %s is 400 invalid_request saying what is wrong', async (path, _name, body, param, text) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', message: text });
    if (path === '/v1/chat/completions') expect(res.json.error).toMatchObject({ code: 'invalid_request', param });
    expect(fake.requests).toHaveLength(0);
  });

  it.each(['/v1/chat/completions', '/v1/messages'])('%s: JSON nested deeper than server.json_max_depth is 400 invalid_request', async (path) => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await post(path, path === '/v1/messages' ? message({ metadata: { deep: JSON.parse('[1]') }, system: 'x' }).replace('[1]', deep) : chat({ tools: [1] }).replace('[1]', deep));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', message: 'request body nests deeper than 64 levels (server.json_max_depth)' });
    const ok = await post('/v1/chat/completions', chat({ meta: JSON.parse(`${'['.repeat(60)}${']'.repeat(60)}`) }));
    expect(ok.status).toBe(200);
  });

  it('a malformed percent-encoding in a /v1 path is 400 invalid_request', async () => {
    const res = await post('/v1/chat/%E0%A4%A', chat({}));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_request', message: 'the request path has a malformed percent-encoding' });
  });

  it('every /v1 and /admin answer, errors included, is no-store and nosniff', async () => {
    const answers = [
      await gw.raw('/v1/models', { headers: { authorization: `Bearer ${token}` } }),
      await gw.raw('/v1/models'),
      await gw.raw('/v1/nowhere'),
      await gw.raw('/admin/health'),
      await gw.raw('/admin/tokens'),
      await gw.raw('/admin/tokens', { headers: { authorization: `Bearer ${gw.adminToken}` } }),
      await gw.raw('/admin/tokens/%ZZ', { headers: { authorization: `Bearer ${gw.adminToken}` } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 200, 401, 200, 400]);
    for (const r of answers) {
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('a token row the store cannot read is refused while every other token keeps working, new ones included', async () => {
    const bad = await gw.addToken();
    await gw.store.knex('tokens').where('id', bad.id).update({ allowed_models: '["up/gpt-4o-mini"' });
    await gw.proxy.state.reload();
    const fresh = await gw.addToken();
    const call = (key: string) =>
      gw.raw('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: chat({}) });
    expect((await call(fresh.key)).status).toBe(200);
    expect((await call(token)).status).toBe(200);
    expect((await call(bad.key)).status).toBe(401);
  });

  it('a request whose row carries a NUL, an over-long value and an int32-overflowing count is still logged and billed', async () => {
    const before = (await gw.logs()).length;
    fake.enqueue({ kind: 'status', status: 400, body: 'bad key sk-\u0000 and more', contentType: 'text/plain' });
    const refused = await post('/v1/chat/completions', chat({}));
    expect(refused.status).toBe(400);
    fake.enqueue({ kind: 'openai-json', body: completion(2 ** 31 + 5, 3) });
    const answered = await post('/v1/chat/completions', chat({}));
    expect(answered.status).toBe(200);
    // One batch: PostgreSQL inserts it in request_id order, so find each row by its status.
    const rows = (await gw.logs()).slice(before);
    expect(rows.map((r) => r.status_code).sort()).toEqual([200, 400]);
    const failed = rows.find((r) => r.status_code === 400)!;
    const billed = rows.find((r) => r.status_code === 200)!;
    expect(failed.error_message).toContain('bad key sk-');
    expect(failed.error_message).not.toContain('\u0000');
    expect(billed.prompt_tokens).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(billed.amount_spent).toBeGreaterThan(0);
  });
});
