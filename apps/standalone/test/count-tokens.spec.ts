import type Anthropic from '@anthropic-ai/sdk';
import { anthropicToOpenAiRequest, estimatePromptTokens } from '@aigw/adapters';
import { fakeInputTokens, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { chatStatus, startTestGateway, type TestGateway } from './harness';

/** Issue 12: POST /v1/messages/count_tokens through @anthropic-ai/sdk: logged, never billed. */
describe('@anthropic-ai/sdk -> /v1/messages/count_tokens', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'oa', baseUrl: `${fake.url}/v1`, keys: ['sk-oa-count-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1000, completion: 1000 }, { id: 'unpriced' }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-count-0001'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15 }, { id: 'claude-unpriced' }] });
    token = (await gw.addToken({ max_amount: 10 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const params = {
    system: 'You are terse.',
    messages: [
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny, 21 C' }] },
    ] as Anthropic.MessageParam[],
    tools: [{ name: 'weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }],
  };

  it('anthropic-type provider: forwarded but for the model, with the Anthropic headers; the row is not billed', async () => {
    const count = await gw.anthropic(token).messages.countTokens({ model: 'claude/claude-sonnet-4', ...params }, { headers: { 'anthropic-beta': 'token-efficient-tools-2025-02-19' } });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages/count_tokens');
    expect(sent.body).toEqual({ model: 'claude-sonnet-4', ...params });
    expect(sent.headers['x-api-key']).toBe('sk-ant-count-0001');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBe('token-efficient-tools-2025-02-19');
    expect(count).toEqual({ input_tokens: fakeInputTokens(sent.body as Record<string, unknown>) });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'count_tokens', provider: 'claude', upstream_model: 'claude-sonnet-4', status_code: 200, attempts: 1 });
    expect(row).toMatchObject({ prompt_tokens: null, completion_tokens: null, amount_spent: null, usage_source: null });
  });

  it('openai-type provider: answered from the local estimate, no upstream request; the row is not billed', async () => {
    const count = await gw.anthropic(token).messages.countTokens({ model: 'oa/gpt-4o-mini', ...params });
    expect(fake.requests).toHaveLength(0);
    // the same prompt estimate a /v1/messages request of this body is held against
    expect(count).toEqual({ input_tokens: estimatePromptTokens(anthropicToOpenAiRequest({ ...params, model: 'x', max_tokens: 1 })) });
    expect(count.input_tokens).toBeGreaterThan(20);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'count_tokens', provider: 'oa', upstream_model: 'gpt-4o-mini', status_code: 200, attempts: 0, api_key: null });
    expect(row).toMatchObject({ prompt_tokens: null, amount_spent: null });
  });

  it('a model without a price works for a client token, on both paths', async () => {
    const client = gw.anthropic(token);
    expect((await client.messages.countTokens({ model: 'oa/unpriced', messages: [{ role: 'user', content: 'hi' }] })).input_tokens).toBeGreaterThan(0);
    expect((await client.messages.countTokens({ model: 'claude/claude-unpriced', messages: [{ role: 'user', content: 'hi' }] })).input_tokens).toBeGreaterThan(0);
    const rows = (await gw.logs()).slice(-2);
    expect(rows.map((r) => [r.status_code, r.amount_spent])).toEqual([
      [200, null],
      [200, null],
    ]);
  });

  it('a token whose budget is used up may still count tokens (it costs nothing); its messages are 402', async () => {
    const small = await gw.addToken({ max_amount: 0.00001 });
    expect(await chatStatus(gw, small.key, 'oa/gpt-4o-mini')).toBe(200);
    await gw.flushLogs();
    await gw.proxy.state.reload();
    expect(gw.proxy.state.current.token(small.key)).toMatchObject({ enabled: false, disabled_reason: 'exhausted' });
    const client = gw.anthropic(small.key);
    expect((await client.messages.countTokens({ model: 'oa/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).input_tokens).toBeGreaterThan(0);
    const err = await client.messages.create({ model: 'oa/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 402 });
  });

  it('a token disabled by the operator, or one whose allow-list lacks the model, is refused in the Anthropic shape', async () => {
    const disabled = await gw.addToken({ enabled: false });
    const off = await gw.anthropic(disabled.key).messages.countTokens({ model: 'oa/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(off).toMatchObject({ status: 403, error: { type: 'error', error: { type: 'permission_error' } } });
    const limited = await gw.addToken({ allowed_models: ['claude/claude-sonnet-4'] });
    const refused = await gw.anthropic(limited.key).messages.countTokens({ model: 'oa/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, error: { type: 'error', error: { type: 'permission_error', message: expect.stringContaining('not allowed') } } });
    expect(fake.requests).toHaveLength(0);
  });

  it('checks the envelope in the Anthropic error shape; a missing token is 401 in it too', async () => {
    const res = await gw.raw('/v1/messages/count_tokens', { method: 'POST', headers: { 'x-api-key': token, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'oa/gpt-4o-mini', messages: 'hi' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'messages must be an array' } });
    const anonymous = await gw.raw('/v1/messages/count_tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'oa/gpt-4o-mini', messages: [] }) });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const rows = (await gw.logs()).slice(-2);
    expect(rows.map((r) => [r.request_type, r.status_code])).toEqual([
      ['count_tokens', 400],
      ['count_tokens', 401],
    ]);
  });
});
