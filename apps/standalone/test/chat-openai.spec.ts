import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

describe('chat completions through the official openai client', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  let tokenId: number;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-up-1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }, { id: 'deepseek-r1', prompt: 1, completion: 2 }] });
    const issued = await gw.addToken();
    token = issued.key;
    tokenId = issued.id;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('non-stream: returns the upstream answer with unknown fields and logs usage and cost', async () => {
    fake.enqueue({ kind: 'sample', name: 'deepseek-v3-nonstream' });
    const res = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0]!.message.content).toBe('Hello, I am DeepSeek-V3.');
    expect((res.choices[0] as unknown as Record<string, unknown>).refs).toBeNull();
    expect((res.choices[0] as unknown as Record<string, unknown>).service_tier).toBeNull();
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect((sent.body as Record<string, unknown>).model).toBe('gpt-4o-mini');
    expect(sent.apiKey).toBe('sk-up-1');
    const [row] = await gw.logs();
    expect(row).toMatchObject({
      request_type: 'chat',
      token_id: tokenId,
      model: 'up/gpt-4o-mini',
      upstream_model: 'gpt-4o-mini',
      provider: 'up',
      status_code: 200,
      attempts: 1,
      prompt_tokens: 13,
      completion_tokens: 386,
      total_tokens: 399,
      cached_tokens: 0,
      reasoning_tokens: 0,
      usage_source: 'upstream',
      currency: 'USD',
    });
    // 13 x 1 + 386 x 2 per million
    expect(row!.amount_spent).toBeCloseTo(785 / 1e6, 12);
  });

  it('forwards unknown request fields and image content arrays untouched', async () => {
    const messages = [
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'what is this?' }, { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' as const } }] },
    ];
    const body = { model: 'gpt-4o-mini', messages, top_k: 5, vendor_extra: { a: [1, 2] } };
    await gw.client(token).chat.completions.create(body as never);
    const sent = fake.requests[0]!.body as Record<string, unknown>;
    expect(sent.messages).toEqual(messages);
    expect(sent.top_k).toBe(5);
    expect(sent.vendor_extra).toEqual({ a: [1, 2] });
    expect(sent.model).toBe('gpt-4o-mini');
  });

  it('non-stream: keeps reasoning_content and reasoning token counts', async () => {
    fake.enqueue({ kind: 'sample', name: 'deepseek-r1-nonstream' });
    const res = await gw.client(token).chat.completions.create({ model: 'deepseek-r1', messages: [{ role: 'user', content: 'who are you' }] });
    const message = res.choices[0]!.message as unknown as Record<string, unknown>;
    expect(message.reasoning_content).toBe('The user wants a short self-introduction...');
    const rows = await gw.logs();
    expect(rows.at(-1)).toMatchObject({ reasoning_tokens: 135, prompt_tokens: 18, completion_tokens: 158 });
  });

  it('stream: chunks arrive assembled into the text, usage requested and logged', async () => {
    const stream = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage).not.toBeNull();
    const sent = fake.requests[0]!.body as Record<string, unknown>;
    expect(sent.stream).toBe(true);
    expect(sent.stream_options).toEqual({ include_usage: true });
    const row = (await gw.logs()).at(-1)!;
    expect(row.request_type).toBe('chat_stream');
    expect(row.usage_source).toBe('upstream');
    expect(row.total_tokens).toBe((usage as { total_tokens: number }).total_tokens);
    expect(row.ttfb_ms).not.toBeNull();
  });

  it('stream: reasoning_content chunks and a usage chunk with choices: [] (deepseek-r1)', async () => {
    fake.enqueue({ kind: 'sample', name: 'deepseek-r1-stream' });
    const stream = await gw.client(token).chat.completions.create({ model: 'deepseek-r1', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)!.choices).toEqual([]);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ prompt_tokens: 16, completion_tokens: 237, reasoning_tokens: 201, usage_source: 'upstream' });
  });

  it('stream: usage in the last chunk that still has a choice (GLM)', async () => {
    fake.enqueue({ kind: 'sample', name: 'glm-stream' });
    const stream = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const _ of stream) void _;
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ prompt_tokens: 18, completion_tokens: 108, total_tokens: 126, token_id: tokenId });
  });

  it('tools: tool calls come back in both modes', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    fake.enqueue({ kind: 'sample', name: 'zhipu-official-nonstream' });
    const res = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', tools, messages: [{ role: 'user', content: 'weather in Beijing' }] });
    expect(res.choices[0]!.message.tool_calls?.[0]).toMatchObject({ id: 'call_1', function: { name: 'get_weather', arguments: '{"city":"Beijing"}' } });
    expect((fake.requests[0]!.body as Record<string, unknown>).tools).toEqual(tools);
    fake.enqueue({ kind: 'sample', name: 'tools-stream' });
    const stream = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', tools, stream: true, messages: [{ role: 'user', content: 'weather' }] });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta?.tool_calls?.[0];
      if (call?.function?.name) name = call.function.name;
      args += call?.function?.arguments ?? '';
    }
    expect(name).toBe('get_weather');
    expect(() => JSON.parse(args)).not.toThrow();
  });

  it('an SSE answer to a non-stream request is aggregated into one chat.completion', async () => {
    fake.enqueue({ kind: 'sse-for-nonstream' });
    const res = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.object).toBe('chat.completion');
    expect(res.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
    const row = (await gw.logs()).at(-1)!;
    expect(row.usage_source).toBe('upstream');
    expect(row.total_tokens).toBe(res.usage!.total_tokens);
  });

  it('estimates usage with the tokenizer when the upstream sends none', async () => {
    fake.enqueue({ kind: 'openai-sse', omitUsage: true });
    const stream = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hello there' }] });
    for await (const _ of stream) void _;
    const row = (await gw.logs()).at(-1)!;
    expect(row.usage_source).toBe('estimated');
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeGreaterThan(0);
    expect(row.amount_spent).toBeGreaterThan(0);
  });

  it('kimi: vendor extras at the top level reach the client', async () => {
    fake.enqueue({ kind: 'sample', name: 'kimi-nonstream' });
    const res = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect((res as unknown as Record<string, unknown>).extend_fields).toEqual({ traceId: '210185d917589504231042354e10e6', requestId: 'c3d2d2182de4517c7455dcef5a1c48dd' });
  });

  it('GET /v1/models lists the catalog and follows the allow-list', async () => {
    const all = await gw.client(token).models.list();
    expect(all.data.map((m) => m.id).sort()).toEqual(['up/deepseek-r1', 'up/gpt-4o-mini']);
    const limited = await gw.addToken({ allowed_models: ['up/deepseek-r1'] });
    const some = await gw.client(limited.key).models.list();
    expect(some.data.map((m) => m.id)).toEqual(['up/deepseek-r1']);
  });
});
