import { FAKE_REPLY_TEXT, startFakeUpstream, type FakeBehaviour, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

type Figures = Record<string, unknown>;

/** Issue 11: usage an upstream reports is checked before it is billed. */
describe('upstream usage is checked, not trusted', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  const logLines: string[] = [];

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({}, { logLines });
    // 1 per million tokens: 5e9 tokens would be 5,000.
    const models = [{ id: 'm1', prompt: 1, completion: 1 }];
    await gw.addProvider({ name: 'oai', baseUrl: fake.url, keys: ['sk-oai-usage-key-0001'], models });
    await gw.addProvider({ name: 'ant', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-usage-key-0002'], models });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    logLines.length = 0;
  });

  const openAiJson = (usage: Figures): FakeBehaviour => ({
    kind: 'openai-json',
    body: { id: 'c1', object: 'chat.completion', created: 1, model: 'm1', choices: [{ index: 0, message: { role: 'assistant', content: FAKE_REPLY_TEXT }, finish_reason: 'stop' }], usage },
  });
  const openAiSse = (usage: Figures): FakeBehaviour => ({
    kind: 'openai-sse',
    chunks: [
      { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm1', choices: [{ index: 0, delta: { role: 'assistant', content: FAKE_REPLY_TEXT }, finish_reason: null }] },
      { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm1', choices: [], usage },
    ],
  });
  const anthropicJson = (usage: Figures): FakeBehaviour => ({
    kind: 'anthropic-json',
    body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm1', content: [{ type: 'text', text: FAKE_REPLY_TEXT }], stop_reason: 'end_turn', stop_sequence: null, usage },
  });
  const anthropicSse = (usage: Figures): FakeBehaviour => ({
    kind: 'anthropic-sse',
    events: [
      { data: { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm1', content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } } },
      { data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: FAKE_REPLY_TEXT } } },
      { data: { type: 'content_block_stop', index: 0 } },
      { data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage } },
      { data: { type: 'message_stop' } },
    ],
  });

  const openAi = (p: unknown, c: unknown): Figures => ({ prompt_tokens: p, completion_tokens: c, total_tokens: 7 });
  const anthropic = (p: unknown, c: unknown): Figures => ({ input_tokens: p, output_tokens: c });

  const endpoints: [string, (u: Figures) => FakeBehaviour, (p: unknown, c: unknown) => Figures, string, string, boolean][] = [
    ['chat', openAiJson, openAi, '/v1/chat/completions', 'oai/m1', false],
    ['chat stream', openAiSse, openAi, '/v1/chat/completions', 'oai/m1', true],
    ['chat to anthropic', anthropicJson, anthropic, '/v1/chat/completions', 'ant/m1', false],
    ['chat stream to anthropic', anthropicSse, anthropic, '/v1/chat/completions', 'ant/m1', true],
    ['messages', anthropicJson, anthropic, '/v1/messages', 'ant/m1', false],
    ['messages stream', anthropicSse, anthropic, '/v1/messages', 'ant/m1', true],
    ['messages converted', openAiJson, openAi, '/v1/messages', 'oai/m1', false],
    ['messages converted stream', openAiSse, openAi, '/v1/messages', 'oai/m1', true],
  ];

  async function call(path: string, model: string, stream: boolean, token: string, maxTokens?: number): Promise<number> {
    const body: Record<string, unknown> = { model, stream, messages: [{ role: 'user', content: 'hi' }] };
    if (path === '/v1/messages' || maxTokens !== undefined) body.max_tokens = maxTokens ?? 1000;
    const res = await gw.raw(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    return res.status;
  }

  describe.each(endpoints)('%s', (_name, behaviour, figures, path, model, stream) => {
    it.each([
      ['5e9', 5e9],
      ['-5', -5],
      ['1.5', 1.5],
      ['"abc"', 'abc'],
    ])('usage of %s tokens is replaced by the estimate, marked and warned about', async (_label, value) => {
      const token = await gw.addToken({ max_amount: 1 });
      fake.enqueue(behaviour(figures(value, value)));
      expect(await call(path, model, stream, token.key)).toBe(200);
      const row = (await gw.logs()).at(-1)!;
      expect(row.usage_source).toBe('estimated');
      expect(row.prompt_tokens).toBeGreaterThan(0);
      expect(row.prompt_tokens).toBeLessThan(100);
      expect(row.completion_tokens).toBeGreaterThan(0);
      expect(row.completion_tokens).toBeLessThan(100);
      const spent = (await gw.store.tokens.get(token.id))!.amount_spent;
      expect(spent).toBeCloseTo((row.prompt_tokens! + row.completion_tokens!) / 1e6, 12);
      const warning = logLines.find((l) => l.includes('"level":"warn"') && l.includes('distrusted'));
      expect(warning).toBeDefined();
      expect(warning).toContain(typeof value === 'number' ? String(value) : 'NaN');
    });
  });

  it('completion above the request cap plus slack is distrusted; within the slack it is billed', async () => {
    const token = await gw.addToken({ max_amount: 1 });
    fake.enqueue(openAiJson(openAi(10, 500)), openAiJson(openAi(10, 110)));
    await call('/v1/chat/completions', 'oai/m1', false, token.key, 100);
    await call('/v1/chat/completions', 'oai/m1', false, token.key, 100);
    const [over, within] = (await gw.logs()).slice(-2);
    expect(over).toMatchObject({ usage_source: 'estimated' });
    expect(within).toMatchObject({ usage_source: 'upstream', prompt_tokens: 10, completion_tokens: 110, total_tokens: 120 });
  });

  it('a prompt above limits.usage_ceiling is distrusted; cached above prompt and reasoning above completion too', async () => {
    const token = await gw.addToken();
    fake.enqueue(
      openAiJson(openAi(10_000_001, 5)),
      openAiJson({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 11 } }),
      openAiJson({ prompt_tokens: 10, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 6 } }),
      openAiJson(openAi(10_000_000, 5)),
    );
    for (let i = 0; i < 4; i++) await call('/v1/chat/completions', 'oai/m1', false, token.key);
    const rows = (await gw.logs()).slice(-4);
    expect(rows.map((r) => r.usage_source)).toEqual(['estimated', 'estimated', 'estimated', 'upstream']);
    expect(rows[3]).toMatchObject({ prompt_tokens: 10_000_000, total_tokens: 10_000_005 });
  });
});
