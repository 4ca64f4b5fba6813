import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 4: OpenAI clients to an Anthropic upstream. */
describe('openai SDK -> anthropic-type provider', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-test-key-1'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15, cached: 0.3 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
  const messages = [
    { role: 'system' as const, content: 'You are terse.' },
    { role: 'developer' as const, content: 'Answer in English.' },
    { role: 'user' as const, content: [{ type: 'text' as const, text: 'What is in this picture?' }, { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }, { type: 'image_url' as const, image_url: { url: 'https://example.com/cat.jpg' } }] },
    { role: 'assistant' as const, content: 'Let me check.', tool_calls: [{ id: 'toolu_9', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool' as const, tool_call_id: 'toolu_9', content: 'sunny' },
  ];

  it('non-stream: the Anthropic request is built field by field and the answer comes back as chat.completion', async () => {
    const res = await gw.client(token).chat.completions.create({ model: 'claude/claude-sonnet-4', messages, tools, tool_choice: 'auto', max_completion_tokens: 300, stop: ['END'], temperature: 0.2 });
    expect(res.object).toBe('chat.completion');
    expect(res.choices[0]!.message.content).toBeTruthy();

    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test-key-1');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    const body = sent.body as Record<string, unknown>;
    expect(body.model).toBe('claude-sonnet-4');
    expect(body.system).toContain('You are terse.');
    expect(body.system).toContain('Answer in English.');
    expect(body.max_tokens).toBe(300);
    expect(body.stop_sequences).toEqual(['END']);
    expect(body.temperature).toBe(0.2);
    expect(body.tools).toEqual([{ name: 'get_weather', description: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(body.tool_choice).toEqual({ type: 'auto' });
    const turns = body.messages as { role: string; content: { type: string; [k: string]: unknown }[] }[];
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns[0]!.content).toEqual([
      { type: 'text', text: 'What is in this picture?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    expect(turns[1]!.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(turns[2]!.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_9' });

    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ provider: 'claude', upstream_model: 'claude-sonnet-4', status_code: 200, usage_source: 'upstream' });
    expect(row.cached_tokens).toBeGreaterThan(0);
  });

  it('stream: a text block then a tool_use block arrive as OpenAI chunks with tool call index 0', async () => {
    fake.enqueue({ kind: 'sample', name: 'anthropic-stream-tool' });
    const stream = await gw.client(token).chat.completions.create({ model: 'claude/claude-sonnet-4', stream: true, messages: [{ role: 'user', content: 'weather in Paris?' }], tools });
    let text = '';
    let args = '';
    const indexes = new Set<number>();
    let finish: string | null = null;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      const delta = chunk.choices[0]?.delta;
      text += delta?.content ?? '';
      for (const call of delta?.tool_calls ?? []) {
        indexes.add(call.index);
        args += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('Let me check the weather.');
    expect([...indexes]).toEqual([0]);
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');
    expect(ids.size).toBe(1);
    expect((fake.requests[0]!.body as Record<string, unknown>).stream).toBe(true);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'chat_stream', prompt_tokens: 600, completion_tokens: 89, cached_tokens: 128, usage_source: 'upstream' });
  });

  it('an Anthropic error becomes an OpenAI error with the upstream body kept', async () => {
    fake.enqueue({ kind: 'anthropic-error', status: 400, type: 'invalid_request_error', message: 'max_tokens: too large' });
    await expect(gw.client(token).chat.completions.create({ model: 'claude/claude-sonnet-4', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, code: 'upstream_error' });
    const row = (await gw.logs()).at(-1)!;
    expect(row.upstream_status).toBe(400);
    expect(row.upstream_error).toContain('max_tokens: too large');
  });
});
