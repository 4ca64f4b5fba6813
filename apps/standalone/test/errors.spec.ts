import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

describe('errors: each gets its own code and a request_logs row, and the gateway keeps serving', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({ server: { body_limit: '64kb', upstream_timeout: '800ms' } });
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['k1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 1 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  async function post(body: string, auth: string | null = token): Promise<{ status: number; json: { error: { code: string; message: string; type: string } } }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth) headers.authorization = `Bearer ${auth}`;
    const res = await gw.raw('/v1/chat/completions', { method: 'POST', headers, body });
    return { status: res.status, json: (await res.json()) as never };
  }

  const chat = (extra: Record<string, unknown> = {}): string => JSON.stringify({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra });

  async function lastRow() {
    return (await gw.logs()).at(-1)!;
  }

  it.each([
    ['malformed JSON', '{"model": "up/gpt-4o-mini", "messages": [', 400, 'invalid_request'],
    ['a non-string model', JSON.stringify({ model: 42, messages: [] }), 400, 'invalid_request'],
    ['missing messages', JSON.stringify({ model: 'up/gpt-4o-mini' }), 400, 'invalid_request'],
    ['an unknown provider prefix', JSON.stringify({ model: 'nowhere/gpt-4o-mini', messages: [] }), 404, 'model_not_found'],
    ['a body over the limit', chat({ padding: 'x'.repeat(70 * 1024) }), 413, 'payload_too_large'],
  ])('%s', async (_name, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    const row = await lastRow();
    expect(row).toMatchObject({ status_code: status, path: '/v1/chat/completions' });
    expect(row.error_message).toBe(res.json.error.message);
  });

  it('a missing token: 401 missing_token, logged without a token', async () => {
    const res = await post(chat(), null);
    expect([res.status, res.json.error.code]).toEqual([401, 'missing_token']);
    expect(await lastRow()).toMatchObject({ status_code: 401, token_id: null, token_hint: null });
  });

  it('an unknown token: 401 invalid_token', async () => {
    const res = await post(chat(), 'sk-nope');
    expect([res.status, res.json.error.code, res.json.error.type]).toEqual([401, 'invalid_token', 'authentication_error']);
  });

  it('an upstream 554 with a text body: upstream_error, status and text kept', async () => {
    fake.enqueue({ kind: 'sample', name: 'upstream-554' });
    const res = await post(chat());
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('upstream_error');
    expect(res.json.error.message).toContain('554');
    expect(res.json.error.message).toContain('upstream service refused the request');
    expect(await lastRow()).toMatchObject({ status_code: 502, upstream_status: 554, upstream_error: 'upstream service refused the request', provider: 'up' });
  });

  it('an upstream that closes the socket: upstream_error', async () => {
    fake.enqueue({ kind: 'close-socket' });
    const res = await post(chat());
    expect([res.status, res.json.error.code]).toEqual([502, 'upstream_error']);
    expect((await lastRow()).error_message).toContain('connection failed');
  });

  it('an upstream that hangs past the timeout: 504 upstream_timeout', async () => {
    fake.enqueue({ kind: 'hang' });
    const res = await post(chat());
    expect([res.status, res.json.error.code]).toEqual([504, 'upstream_timeout']);
    expect(await lastRow()).toMatchObject({ status_code: 504 });
  });

  it('keeps serving after all of that', async () => {
    const res = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'still there?' }] });
    expect(res.choices[0]!.message.content).toBeTruthy();
  });

  it('a model without a price: 403 price_not_set for a client token, served for the admin token', async () => {
    const res = await post(chat({ model: 'up/unpriced' }));
    expect([res.status, res.json.error.code]).toEqual([403, 'price_not_set']);
    const admin = await post(chat({ model: 'up/unpriced' }), gw.adminToken);
    expect(admin.status).toBe(200);
    expect(await lastRow()).toMatchObject({ token_id: null, token_hint: 'admin_token', status_code: 200 });
  });

  it('token checks in order: expired, exhausted, disabled, allow-list', async () => {
    const expired = await gw.addToken({ expires_at: new Date(Date.now() - 1000) });
    expect((await post(chat(), expired.key)).json.error.code).toBe('token_expired');
    const spent = await gw.addToken({ max_amount: 0 });
    expect((await post(chat(), spent.key)).status).toBe(402);
    expect((await post(chat(), spent.key)).json.error.code).toBe('insufficient_balance');
    const exhaustedAndDisabled = await gw.addToken({ max_amount: 0, enabled: false });
    expect((await post(chat(), exhaustedAndDisabled.key)).json.error.code).toBe('insufficient_balance');
    const disabled = await gw.addToken({ enabled: false });
    const d = await post(chat(), disabled.key);
    expect([d.status, d.json.error.code]).toEqual([403, 'token_disabled']);
    const limited = await gw.addToken({ allowed_models: ['up/other'] });
    const l = await post(chat(), limited.key);
    expect([l.status, l.json.error.code]).toEqual([403, 'model_not_allowed']);
  });

  it('an unknown /v1 route: 404 not_found, logged', async () => {
    const res = await gw.raw('/v1/nothing', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(await lastRow()).toMatchObject({ path: '/v1/nothing', status_code: 404 });
  });
});
