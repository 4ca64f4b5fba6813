import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 11: a non-stream upstream answer is read up to server.upstream_body_limit, never whole. */
describe('server.upstream_body_limit', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const big = 'word '.repeat(40 * 1024);

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({ server: { upstream_body_limit: '64kb' } });
    const models = [{ id: 'm1', prompt: 1, completion: 1 }];
    await gw.addProvider({ name: 'oai', baseUrl: fake.url, keys: ['sk-oai-limit-key-0001'], models });
    await gw.addProvider({ name: 'ant', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-limit-key-0002'], models });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const post = (path: string, body: Record<string, unknown>) =>
    gw.raw(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const hi = [{ role: 'user', content: 'hi' }];

  async function expectLimitAnswer(res: Response, path: string): Promise<void> {
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code?: string; type: string; message: string } };
    expect(body.error.message).toContain('server.upstream_body_limit (64 KB)');
    if (path === '/v1/chat/completions') expect(body.error.code).toBe('upstream_error');
    const row = (await gw.logs()).at(-1)!;
    expect(row.status_code).toBe(502);
    expect(row.error_message).toContain('server.upstream_body_limit (64 KB)');
  }

  it('a JSON answer larger than the limit fails with upstream_error naming the limit, and is logged', async () => {
    fake.enqueue({ kind: 'openai-json', body: { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: big } }] } });
    await expectLimitAnswer(await post('/v1/chat/completions', { model: 'oai/m1', messages: hi }), '/v1/chat/completions');
  });

  it('an SSE answer to a non-stream request (aggregated by the gateway) is bounded the same way', async () => {
    const chunk = (content: string) => ({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] });
    fake.enqueue({ kind: 'sse-for-nonstream', chunks: Array.from({ length: 10 }, () => chunk('word '.repeat(4 * 1024))) });
    await expectLimitAnswer(await post('/v1/chat/completions', { model: 'oai/m1', messages: hi }), '/v1/chat/completions');
  });

  it('on /v1/messages to an anthropic upstream too', async () => {
    fake.enqueue({ kind: 'anthropic-json', body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm1', content: [{ type: 'text', text: big }], usage: { input_tokens: 1, output_tokens: 1 } } });
    await expectLimitAnswer(await post('/v1/messages', { model: 'ant/m1', max_tokens: 10, messages: hi }), '/v1/messages');
  });

  it('an answer under the limit is served as before', async () => {
    const res = await post('/v1/chat/completions', { model: 'oai/m1', messages: hi });
    expect(res.status).toBe(200);
  });

  it('a stream is not bounded by it (it is relayed, not buffered)', async () => {
    const chunk = (content: string) => ({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] });
    // Words, not one long run of a letter: the tokenizer estimate of an unbroken run is slow.
    fake.enqueue({ kind: 'openai-sse', chunks: Array.from({ length: 10 }, () => chunk('word '.repeat(4 * 1024))) });
    const res = await post('/v1/chat/completions', { model: 'oai/m1', stream: true, messages: hi });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(200 * 1024);
  });

  it('the admin models discovery read is bounded too', async () => {
    fake.setModels(Array.from({ length: 3000 }, (_, i) => `model-with-a-long-name-number-${i}`));
    const res = await gw.raw('/admin/providers/oai/upstream-models', { headers: { authorization: `Bearer ${gw.adminToken}` } });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('upstream_error');
    expect(body.error.message).toContain('server.upstream_body_limit (64 KB)');
  });
});
