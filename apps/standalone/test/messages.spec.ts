import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 4: Anthropic clients to any provider through POST /v1/messages. */
describe('@anthropic-ai/sdk -> /v1/messages', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  let tokenId: number;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'oa', baseUrl: `${fake.url}/v1`, keys: ['sk-openai-side-1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-side-0001'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15 }] });
    const issued = await gw.addToken();
    token = issued.key;
    tokenId = issued.id;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const tools = [{ name: 'get_weather', description: 'weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];

  it('to an openai-type provider, non-stream with tool_use', async () => {
    fake.enqueue({ kind: 'sample', name: 'zhipu-official-nonstream' });
    // The recorded answer reports 910 completion tokens: under a smaller cap its usage would be distrusted.
    const msg = await gw.anthropic(token).messages.create({ model: 'oa/gpt-4o-mini', max_tokens: 1024, system: 'be brief', tools, messages: [{ role: 'user', content: 'weather in Beijing?' }] });
    expect(msg.type).toBe('message');
    expect(msg.model).toBe('oa/gpt-4o-mini');
    const toolUse = msg.content.find((b) => b.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Beijing' } });
    expect(msg.content.find((b) => b.type === 'text')).toMatchObject({ text: 'I am an AI assistant.' });
    expect(msg.usage.output_tokens).toBe(910);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    const body = sent.body as { messages: { role: string; content: unknown }[]; tools: unknown[]; max_tokens: number; model: string };
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages[0]).toEqual({ role: 'system', content: 'be brief' });
    expect(body.max_tokens).toBe(1024);
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'weather', parameters: tools[0]!.input_schema } }]);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'messages', token_id: tokenId, provider: 'oa', status_code: 200, completion_tokens: 910, cached_tokens: 12 });
  });

  it('to an openai-type provider, stream with a tool call', async () => {
    fake.enqueue({ kind: 'sample', name: 'tools-stream' });
    const stream = gw.anthropic(token).messages.stream({ model: 'oa/gpt-4o-mini', max_tokens: 200, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const final = await stream.finalMessage();
    const toolUse = final.content.find((b) => b.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    expect(final.stop_reason).toBe('tool_use');
    expect((fake.requests[0]!.body as Record<string, unknown>).stream).toBe(true);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'messages_stream', status_code: 200, usage_source: 'upstream' });
  });

  it('to an anthropic-type provider the request passes through untouched but for the model', async () => {
    const msg = await gw.anthropic(token).messages.create({ model: 'claude/claude-sonnet-4', max_tokens: 100, metadata: { user_id: 'u1' }, messages: [{ role: 'user', content: 'hi' }] });
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-side-0001');
    expect(sent.body).toEqual({ model: 'claude-sonnet-4', max_tokens: 100, metadata: { user_id: 'u1' }, messages: [{ role: 'user', content: 'hi' }] });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'messages', provider: 'claude', usage_source: 'upstream' });
    expect(row.cached_tokens).toBeGreaterThan(0);
  });

  it('to an anthropic-type provider, stream with tool_use passes the events through', async () => {
    fake.enqueue({ kind: 'sample', name: 'anthropic-stream-tool' });
    const stream = gw.anthropic(token).messages.stream({ model: 'claude/claude-sonnet-4', max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather in Paris?' }] });
    const final = await stream.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    expect(final.content[1]).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'messages_stream', prompt_tokens: 600, completion_tokens: 89, cached_tokens: 128 });
  });

  it('accepts x-api-key and answers errors in Anthropic shape', async () => {
    const res = await gw.raw('/v1/messages', { method: 'POST', headers: { 'x-api-key': 'sk-wrong', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'oa/gpt-4o-mini', max_tokens: 10, messages: [] }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid gateway token' } });
    const bad = await gw.raw('/v1/messages', { method: 'POST', headers: { 'x-api-key': token, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'oa/gpt-4o-mini', messages: [] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
