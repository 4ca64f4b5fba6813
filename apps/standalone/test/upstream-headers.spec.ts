import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { completion, startTestGateway, type TestGateway } from './harness';

/** Issue 12: the upstream headers clients act on (back-off, rate limits, request id) reach them. */
describe('upstream headers relayed to the client', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const ask = { model: 'oai/gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user' as const, content: 'hi' }] };
  const rateLimited = (retryAfter: string, requestId: string) => ({
    kind: 'status' as const,
    status: 429,
    body: JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }),
    headers: { 'retry-after': retryAfter, 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s', 'x-request-id': requestId, 'x-secret-internal': 'no' },
  });

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'oai', baseUrl: fake.url, keys: ['sk-oai-key-1'], models: [{ id: 'gpt-4o-mini', prompt: 1 }] });
    await gw.addProvider({ name: 'two', baseUrl: fake.url, keys: ['sk-two-key-1', 'sk-two-key-2'], models: [{ id: 'gpt-4o', prompt: 1 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-key-1'], models: [{ id: 'claude-sonnet-4-5', prompt: 3, completion: 15 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    // A 429 cools its key (issue 13): each case starts with every key active.
    await gw.resetKeyHealth();
  });

  it('a 429 with retry-after reaches the openai SDK, which waits that long and retries', async () => {
    fake.enqueue(rateLimited('1', 'req_up_429'), { kind: 'openai-json', body: completion(5, 2), headers: { 'x-request-id': 'req_up_ok', 'x-ratelimit-remaining-requests': '99' } });
    const client = new OpenAI({ apiKey: token, baseURL: `${gw.url}/v1`, maxRetries: 1, timeout: 10_000 });
    const started = Date.now();
    const { data, response } = await client.chat.completions.create(ask).withResponse();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.requests).toHaveLength(2);
    expect(data.choices[0]!.message.content).toBe('ok');
    expect(response.headers.get('x-upstream-request-id')).toBe('req_up_ok');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('99');
    expect(response.headers.get('x-request-id')).not.toBe('req_up_ok');
  });

  it('the APIError carries retry-after, the rate limits and the upstream request id; nothing else leaks', async () => {
    fake.enqueue(rateLimited('7', 'req_up_1'));
    const err = (await gw.client(token).chat.completions.create(ask).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError> & { headers: Headers };
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers.get('retry-after')).toBe('7');
    expect(err.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(err.headers.get('x-ratelimit-reset-requests')).toBe('1s');
    expect(err.headers.get('x-upstream-request-id')).toBe('req_up_1');
    expect(err.headers.get('x-request-id')).not.toBe('req_up_1');
    expect(err.headers.get('x-secret-internal')).toBeNull();
  });

  it('with failover, the headers of the answer the client gets are the ones relayed', async () => {
    fake.failKey('sk-two-key-1', rateLimited('30', 'req_up_key1'));
    fake.enqueue({ kind: 'openai-json', body: completion(5, 2), headers: { 'x-request-id': 'req_up_key2' } });
    const { response } = await gw.client(token).chat.completions.create({ ...ask, model: 'two/gpt-4o' }).withResponse();
    expect(fake.requests.map((r) => r.apiKey)).toEqual(['sk-two-key-1', 'sk-two-key-2']);
    expect(response.headers.get('x-upstream-request-id')).toBe('req_up_key2');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBeNull();
  });

  it('a stream answer carries the upstream headers', async () => {
    fake.enqueue({ kind: 'openai-sse', headers: { 'x-request-id': 'req_up_stream', 'x-ratelimit-remaining-tokens': '1000' } });
    const { data, response } = await gw.client(token).chat.completions.create({ ...ask, stream: true }).withResponse();
    for await (const chunk of data) void chunk;
    expect(response.headers.get('x-upstream-request-id')).toBe('req_up_stream');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('1000');
  });

  it('/v1/messages: the Anthropic SDK gets retry-after and anthropic-ratelimit-* on a 429, request-id as x-upstream-request-id', async () => {
    const headers = { 'retry-after': '5', 'anthropic-ratelimit-requests-remaining': '0', 'request-id': 'req_ant_1' };
    fake.enqueue({ kind: 'anthropic-error', status: 429, type: 'rate_limit_error', message: 'slow down', headers });
    const err = (await gw
      .anthropic(token)
      .messages.create({ model: 'claude/claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('5');
    expect(err.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(err.headers?.get('x-upstream-request-id')).toBe('req_ant_1');
  });

  it('/v1/messages success: the Anthropic SDK sees the rate limits and the upstream request id', async () => {
    fake.enqueue({ kind: 'anthropic-json', headers: { 'anthropic-ratelimit-tokens-remaining': '4000', 'request-id': 'req_ant_ok' } });
    const { response } = await gw
      .anthropic(token)
      .messages.create({ model: 'claude/claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('4000');
    expect(response.headers.get('x-upstream-request-id')).toBe('req_ant_ok');
  });
});
