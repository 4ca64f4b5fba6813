import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 12: response_format to an anthropic-type provider reaches it and the SDK parses the answer. */
describe('structured output: openai SDK -> anthropic-type provider', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  const Weather = z.object({ city: z.string(), temp: z.number(), sunny: z.boolean() });
  const format = zodResponseFormat(Weather, 'weather');
  const messages = [{ role: 'user' as const, content: 'Weather in Paris?' }];
  const sent = (i = 0) => fake.requests[i]!.body as Record<string, unknown>;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({
      name: 'claude',
      apiType: 'anthropic',
      baseUrl: fake.url,
      keys: ['sk-ant-test-key-1'],
      models: [
        { id: 'claude-sonnet-4-5', prompt: 3, completion: 15 },
        { id: 'claude-3-5-haiku-20241022', prompt: 1, completion: 5 },
      ],
    });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('chat.completions.parse with a zod schema: output_config.format upstream, the parsed object back', async () => {
    const res = await gw.client(token).chat.completions.parse({ model: 'claude/claude-sonnet-4-5', messages, response_format: format });
    expect(sent().output_config).toEqual({ format: { type: 'json_schema', schema: format.json_schema.schema } });
    expect(sent()).not.toHaveProperty('tools');
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.choices[0]!.message.parsed).toEqual({ city: 'fake', temp: 42, sunny: true });
  });

  it('an older model gets one forced tool, and its input comes back as the content (non-stream)', async () => {
    const res = await gw.client(token).chat.completions.parse({ model: 'claude/claude-3-5-haiku-20241022', messages, response_format: format });
    expect(sent()).not.toHaveProperty('output_config');
    expect(sent().tools).toEqual([{ name: 'weather', description: expect.any(String), input_schema: format.json_schema.schema }]);
    expect(sent().tool_choice).toEqual({ type: 'tool', name: 'weather' });
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.tool_calls ?? []).toEqual([]);
    expect(JSON.parse(choice.message.content!)).toEqual({ city: 'fake', temp: 42, sunny: true });
    expect(choice.message.parsed).toEqual({ city: 'fake', temp: 42, sunny: true });
  });

  it('stream with the forced tool: content deltas the SDK parses, finish_reason stop', async () => {
    const stream = gw.client(token).chat.completions.stream({ model: 'claude/claude-3-5-haiku-20241022', messages, response_format: format });
    const final = await stream.finalChatCompletion();
    expect(sent().stream).toBe(true);
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.choices[0]!.message.parsed).toEqual({ city: 'fake', temp: 42, sunny: true });
  });

  it('stream with output_config.format: the JSON text is parsed', async () => {
    const final = await gw.client(token).chat.completions.stream({ model: 'claude/claude-sonnet-4-5', messages, response_format: format }).finalChatCompletion();
    expect(sent().output_config).toBeDefined();
    expect(final.choices[0]!.message.parsed).toEqual({ city: 'fake', temp: 42, sunny: true });
  });

  it('json_object: a forced tool taking any object, the JSON text back', async () => {
    const res = await gw.client(token).chat.completions.create({ model: 'claude/claude-sonnet-4-5', messages, response_format: { type: 'json_object' } });
    expect(sent().tool_choice).toEqual({ type: 'tool', name: 'json_object' });
    expect(JSON.parse(res.choices[0]!.message.content!)).toEqual({});
    expect(res.choices[0]!.finish_reason).toBe('stop');
  });

  it('a field Anthropic cannot express is a 400 naming it, and nothing is sent upstream', async () => {
    const err = (await gw
      .client(token)
      .chat.completions.create({ model: 'claude/claude-sonnet-4-5', messages, n: 2 })
      .catch((e: unknown) => e)) as { status: number; error: { param: string; message: string } };
    expect(err).toMatchObject({ status: 400, error: { param: 'n' } });
    expect(err.error.message).toContain('anthropic-type provider');
    expect(fake.requests).toHaveLength(0);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ status_code: 400, attempts: 0 });
    expect(row.error_message).toContain('n other than 1');
  });

  it('fields with safe meanings are accepted: stream_options, store, metadata, seed, user', async () => {
    const res = await gw.client(token).chat.completions.create({
      model: 'claude/claude-sonnet-4-5',
      messages,
      store: false,
      metadata: { run: '1' },
      seed: 1,
      user: 'u-1',
      n: 1,
      frequency_penalty: 0,
    });
    expect(res.choices[0]!.message.content).toBe('Hello from fake claude');
    expect(sent().metadata).toEqual({ user_id: 'u-1' });
    expect(sent()).not.toHaveProperty('seed');
    expect(sent()).not.toHaveProperty('store');
  });
});
