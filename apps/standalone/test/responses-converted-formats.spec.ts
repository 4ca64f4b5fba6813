import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 12, POST /v1/responses converted for providers that do not speak it (see
 * responses-converted.spec.ts): json_schema output, and what a kept response may hold.
 */

describe('openai SDK responses -> chat-only provider: json_schema output', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'chat', baseUrl: `${fake.url}/v1`, keys: ['sk-chat-side-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('maps text.format json_schema to response_format and returns the JSON as output_text', async () => {
    const json = '{"sky":"clear"}';
    fake.enqueue({
      kind: 'openai-json',
      body: { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: json }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } },
    });
    const schema = { type: 'object', properties: { sky: { type: 'string' } }, required: ['sky'], additionalProperties: false };
    const response = await gw.client(token).responses.create({ model: 'chat/gpt-4o-mini', input: 'sky?', text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } } });
    expect(JSON.parse(response.output_text)).toEqual({ sky: 'clear' });
    expect(response.text?.format).toMatchObject({ type: 'json_schema', name: 'weather' });
    expect((fake.requests[0]!.body as { response_format: unknown }).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } });
  });
});

describe('openai SDK responses -> anthropic-type provider: json_schema output', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const schema = { type: 'object', properties: { sky: { type: 'string' } }, required: ['sky'], additionalProperties: false };
  const format = { type: 'json_schema' as const, name: 'weather', schema, strict: true };

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-side-0002'], models: [{ id: 'claude-sonnet-4-5', prompt: 3, completion: 15 }, { id: 'claude-sonnet-4', prompt: 3, completion: 15 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('a model with structured outputs gets output_config.format; the JSON comes back as output_text', async () => {
    const response = await gw.client(token).responses.create({ model: 'claude/claude-sonnet-4-5', input: 'sky?', text: { format } });
    expect((fake.requests[0]!.body as { output_config?: unknown }).output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(Object.keys(JSON.parse(response.output_text) as object)).toEqual(['sky']);
  });

  it('an older model gets a forced format tool, streamed back as output_text', async () => {
    const stream = gw.client(token).responses.stream({ model: 'claude/claude-sonnet-4', input: 'sky?', text: { format } });
    const final = await stream.finalResponse();
    const sent = fake.requests[0]!.body as { tools?: { name: string }[]; tool_choice?: unknown; output_config?: unknown };
    expect(sent.output_config).toBeUndefined();
    expect(sent.tools?.map((t) => t.name)).toEqual(['weather']);
    expect(sent.tool_choice).toMatchObject({ type: 'tool', name: 'weather' });
    expect(Object.keys(JSON.parse(final.output_text) as object)).toEqual(['sky']);
    expect(final.output.map((o) => o.type)).toEqual(['message']);
  });
});

describe('kept responses', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'chat', baseUrl: `${fake.url}/v1`, keys: ['sk-chat-echoed-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('never hold a provider key the upstream echoed in its answer', async () => {
    const issued = await gw.addToken({ max_amount: 5 });
    const content = 'your key is sk-chat-echoed-0001';
    const choices = [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }];
    fake.enqueue({ kind: 'openai-json', body: { id: 'c1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices, usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } } });
    const response = await gw.client(issued.key).responses.create({ model: 'chat/gpt-4o-mini', input: 'what is my key?' });
    expect(JSON.stringify(response)).not.toContain('sk-chat-echoed-0001');
    const kept = await gw.store.responses.find(response.id, issued.id);
    expect(kept).toBeDefined();
    expect(JSON.stringify(kept!.output_items)).toContain('your key is');
    expect(JSON.stringify(kept)).not.toContain('sk-chat-echoed-0001');
  });
});
