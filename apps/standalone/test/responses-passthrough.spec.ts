import OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { FAKE_RESPONSES_TEXT, FAKE_RESPONSES_USAGE, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 12, POST /v1/responses to a provider whose upstream speaks the Responses API
 * (responses_api): the body is forwarded untouched but for `model`, answers and events come back
 * as the upstream sent them, usage from response.completed is logged and billed, and
 * previous_response_id goes only to the upstream key that made that response.
 */
const KEY_A = 'sk-resp-upstream-key-aaaa';
const KEY_B = 'sk-resp-upstream-key-bbbb';
// Per million tokens: prompt 2, completion 8, cached prompt 1.
const u = FAKE_RESPONSES_USAGE;
const COST = ((u.input_tokens - u.cached) * 2 + u.cached * 1 + u.output_tokens * 8) / 1e6;

describe('openai SDK responses -> pass-through provider', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  let other: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: [KEY_A, KEY_B], strategy: 'round_robin', responsesApi: true, models: [{ id: 'gpt-5', prompt: 2, completion: 8, cached: 1 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
    other = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('forwards a text request untouched but for model to {base_url}/responses and bills response usage', async () => {
    const body = { model: 'up/gpt-5', input: 'hello', instructions: 'be brief', store: false, include: ['reasoning.encrypted_content' as const], metadata: { run: 'x' }, max_output_tokens: 100 };
    const response = await gw.client(token).responses.create(body);
    expect(response.output_text).toBe(FAKE_RESPONSES_TEXT);
    expect(response.model).toBe('gpt-5');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/responses' });
    expect(fake.requests[0]!.body).toEqual({ ...body, model: 'gpt-5' });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({
      request_type: 'responses',
      provider: 'up',
      model: 'up/gpt-5',
      upstream_model: 'gpt-5',
      status_code: 200,
      prompt_tokens: u.input_tokens,
      completion_tokens: u.output_tokens,
      cached_tokens: u.cached,
      reasoning_tokens: 0,
      usage_source: 'upstream',
    });
    expect(row.amount_spent).toBeCloseTo(COST, 10);
  });

  it('relays the event stream as the upstream sent it; usage and reasoning tokens from response.completed', async () => {
    const stream = gw.client(token).responses.stream({ model: 'up/gpt-5', input: 'think', reasoning: { effort: 'low', summary: 'auto' } });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.output_text.delta');
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(final.output_text).toBe(FAKE_RESPONSES_TEXT);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'gpt-5', stream: true, reasoning: { effort: 'low', summary: 'auto' } });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'responses_stream', status_code: 200, prompt_tokens: u.input_tokens, completion_tokens: u.output_tokens, cached_tokens: u.cached, reasoning_tokens: u.reasoning, usage_source: 'upstream' });
    expect(row.amount_spent).toBeCloseTo(COST, 10);
  });

  it('carries a function-call round trip, an image input and a json_schema format as sent', async () => {
    const tools: Tool[] = [{ type: 'function', name: 'weather', description: 'weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true }];
    const client = gw.client(token);
    const first = await client.responses.create({ model: 'up/gpt-5', input: [{ role: 'user', content: 'weather in Paris?' }], tools });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'weather' });
    const input: ResponseInputItem[] = [
      { role: 'user', content: [{ type: 'input_text', text: 'weather in Paris? here is a photo' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' }] },
      call as ResponseInputItem,
      { type: 'function_call_output', call_id: (call as { call_id: string }).call_id, output: '{"sky":"clear"}' },
    ];
    const text = { format: { type: 'json_schema' as const, name: 'answer', schema: { type: 'object', properties: { sky: { type: 'string' } } }, strict: true } };
    const second = await client.responses.create({ model: 'up/gpt-5', input, tools, text });
    expect(second.output_text).toBe(FAKE_RESPONSES_TEXT);
    expect(fake.requests[1]!.body).toEqual({ model: 'gpt-5', input, tools, text });
  });

  it.each([
    ['a tool type the conversion does not know', [{ type: 'web_search_preview' }]],
    ['no tools', undefined],
  ])('distrusts upstream usage above max_output_tokens (request with %s) and bills the estimate', async (_what, tools) => {
    const response = { id: 'resp_over_1', object: 'response', created_at: 1, status: 'completed', model: 'gpt-5', output: [{ type: 'message', id: 'm', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'ok', annotations: [] }] }], usage: { input_tokens: 10, output_tokens: 90000, total_tokens: 90010 } };
    fake.enqueue({ kind: 'openai-json', body: response });
    const created = await gw.client(token).responses.create({ model: 'up/gpt-5', input: 'hi', max_output_tokens: 50, ...(tools ? { tools: tools as Tool[] } : {}) });
    expect(created.id).toBe('resp_over_1');
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'responses', usage_source: 'estimated' });
    expect(row.completion_tokens).toBeLessThan(100);
  });

  it('sends previous_response_id only with the key that made the response, whatever the key strategy', async () => {
    const client = gw.client(token);
    const first = await client.responses.create({ model: 'up/gpt-5', input: 'one' });
    const madeWith = fake.requests[0]!.apiKey;
    for (let i = 0; i < 3; i++) {
      const next = await client.responses.create({ model: 'up/gpt-5', input: `more ${i}`, previous_response_id: first.id });
      expect(next.previous_response_id).toBe(first.id);
    }
    const stream = client.responses.stream({ model: 'up/gpt-5', input: 'streamed', previous_response_id: first.id });
    await stream.finalResponse();
    expect(fake.requests.map((r) => r.apiKey)).toEqual([madeWith, madeWith, madeWith, madeWith, madeWith]);
    // Without a previous response the round robin goes on to the other key.
    await client.responses.create({ model: 'up/gpt-5', input: 'fresh' });
    await client.responses.create({ model: 'up/gpt-5', input: 'fresh' });
    expect(new Set(fake.requests.slice(-2).map((r) => r.apiKey))).toEqual(new Set([KEY_A, KEY_B]));
  });

  it("refuses another token's response id with 404 previous_response_not_found, sending nothing upstream", async () => {
    const first = await gw.client(token).responses.create({ model: 'up/gpt-5', input: 'mine' });
    fake.reset();
    const err = await gw
      .client(other)
      .responses.create({ model: 'up/gpt-5', input: 'yours?', previous_response_id: first.id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err).toMatchObject({ status: 404, code: 'previous_response_not_found', param: 'previous_response_id' });
    expect(fake.requests).toHaveLength(0);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'responses', status_code: 404 });
  });

  it('answers 400 naming previous_response_id when the key that made the response is gone', async () => {
    const gone = await startFakeUpstream();
    try {
      await gw.addProvider({ name: 'solo', baseUrl: `${gone.url}/v1`, keys: ['sk-solo-key-1111', 'sk-solo-key-2222'], responsesApi: true, models: [{ id: 'gpt-5', prompt: 2, completion: 8 }] });
      const first = await gw.client(token).responses.create({ model: 'solo/gpt-5', input: 'one' });
      const provider = (await gw.store.providers.getByName('solo'))!;
      const keys = await gw.store.keys.list(provider.id);
      const used = keys.find((k) => k.key_hint.endsWith('1111'))!;
      await gw.store.keys.delete(provider.id, used.id);
      await gw.proxy.state.reload();
      const err = await gw
        .client(token)
        .responses.create({ model: 'solo/gpt-5', input: 'two', previous_response_id: first.id })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err).toMatchObject({ code: 'invalid_request', param: 'previous_response_id' });
      expect((err as Error).message).toContain('removed or disabled');
      expect(gone.requests).toHaveLength(1);
    } finally {
      await gone.close();
    }
  });
});
