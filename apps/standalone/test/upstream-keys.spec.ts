import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { keyHint } from '@aigw/store';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 11: an upstream that echoes its key never hands it to the client, a row or a log line. */
describe('upstream keys are scrubbed from upstream errors', () => {
  const OAI_KEYS = ['sk-oai-secret-0001-abcdefghijklmnop', 'sk-oai-secret-0002-qrstuvwxyz012345'];
  const ANT_KEY = 'sk-ant-secret-0003-ABCDEFGHIJKLMNOP';
  const GLM_KEY = 'glm-secret-0004.QRSTUVWXYZabcdef';
  const ALL_KEYS = [...OAI_KEYS, ANT_KEY, GLM_KEY];
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({}, { logLines });
    const models = [{ id: 'm1', prompt: 1, completion: 1 }];
    await gw.addProvider({ name: 'oai', baseUrl: fake.url, keys: OAI_KEYS, models });
    await gw.addProvider({ name: 'ant', apiType: 'anthropic', baseUrl: fake.url, keys: [ANT_KEY], models });
    await gw.addProvider({ name: 'glm', apiType: 'zhipu', baseUrl: fake.url, keys: [GLM_KEY], models });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    logLines.length = 0;
    // A case may mark a key invalid (issue 13); the next case starts clean.
    await gw.resetKeyHealth();
  });

  const chatBody = (model: string, stream: boolean) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] });
  const messagesBody = (model: string, stream: boolean) => JSON.stringify({ model, stream, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
  const call = (path: string, body: string) =>
    gw.raw(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

  function expectNoKey(text: string): void {
    for (const key of ALL_KEYS) expect(text).not.toContain(key);
  }

  const cases: [string, string, (model: string, stream: boolean) => string, string, string][] = [
    ['openai chat', '/v1/chat/completions', chatBody, 'oai/m1', OAI_KEYS[0]!],
    ['messages to an anthropic upstream', '/v1/messages', messagesBody, 'ant/m1', ANT_KEY],
    ['messages converted to an openai upstream', '/v1/messages', messagesBody, 'oai/m1', OAI_KEYS[0]!],
    ['openai chat to an anthropic upstream', '/v1/chat/completions', chatBody, 'ant/m1', ANT_KEY],
    ['zhipu', '/v1/chat/completions', chatBody, 'glm/m1', GLM_KEY],
  ];

  describe.each(cases)('%s', (_name, path, body, model, key) => {
    it.each([false, true])('an error answer (stream %s) holds the hint in the body, the row and the log line', async (stream) => {
      // A 400 is the request's own: no failover to the provider's other key, so the echoed key is the one answered.
      fake.enqueue({ kind: 'echo-key', status: 400 });
      const res = await call(path, body(model, stream));
      const text = await res.text();
      expect(res.status).toBe(400);
      expectNoKey(text);
      expect(text).toContain(keyHint(key));
      expect([...res.headers.values()].join(' ')).not.toContain(key);
      const row = (await gw.logs()).at(-1)!;
      expect(row.status_code).toBe(400);
      expect(row.upstream_error).toContain(keyHint(key));
      expect(row.error_message).toContain(keyHint(key));
      expectNoKey(JSON.stringify(row));
      const line = logLines.find((l) => l.includes('upstream') && l.includes('400'));
      expect(line).toBeDefined();
      expect(line).toContain(keyHint(key));
      expectNoKey(logLines.join('\n'));
    });

    it('an error event mid-stream holds the hint, never the key', async () => {
      fake.enqueue({ kind: 'echo-key', midStream: true });
      const res = await call(path, body(model, true));
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain(keyHint(key));
      expectNoKey(text);
      expectNoKey(JSON.stringify(await gw.logs()));
      expectNoKey(logLines.join('\n'));
    });
  });

  it.each([
    ['an openai', 'oai/m1', OAI_KEYS[0]!],
    ['an anthropic', 'ant/m1', ANT_KEY],
  ])('messages to %s upstream whose 200 body is not JSON: a key across the 4096-character cut leaves no prefix', async (_name, model, key) => {
    const prefix = key.slice(0, 12);
    fake.enqueue({ kind: 'status', status: 200, contentType: 'text/plain', body: `${'x'.repeat(4096 - prefix.length)}${key} was refused` });
    const res = await call('/v1/messages', messagesBody(model, false));
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(text).not.toContain(prefix);
    const row = (await gw.logs()).at(-1)!;
    expect(row.status_code).toBe(502);
    expect(row.upstream_error).toMatch(/^x{4084}/);
    expect(row.upstream_error).not.toContain(prefix);
    expect(logLines.join('\n')).not.toContain(prefix);
  });

  it('admin models discovery: the answer and its admin_logs row hold the hint, never the key', async () => {
    fake.enqueueModels({ kind: 'echo-key', status: 401 });
    const res = await gw.raw('/admin/providers/oai/upstream-models', { headers: { authorization: `Bearer ${gw.adminToken}` } });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).toContain(keyHint(OAI_KEYS[0]!));
    expectNoKey(text);
    let row: { error_message: string | null } | undefined;
    for (let i = 0; i < 100 && !row; i++) {
      row = (await gw.store.adminLogs.list({ limit: 10 })).find((r) => r.operation === 'models.discover');
      if (!row) await new Promise((r) => setTimeout(r, 20));
    }
    expect(row?.error_message).toContain(keyHint(OAI_KEYS[0]!));
    expectNoKey(JSON.stringify(row));
    expectNoKey(logLines.join('\n'));
  });
});
