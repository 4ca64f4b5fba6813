import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

/** Issue 13: per-token requests, tokens and concurrency limits (standalone: counted in memory). */
describe('per-token rate limits', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  const ask = (max_tokens = 20) => ({ model: 'up/m', max_tokens, messages: [{ role: 'user' as const, content: 'hello' }] });
  const chunk = (extra: Record<string, unknown>) => ({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: 'm', ...extra });
  /** A stream whose usage says 10 + 20 tokens. */
  const stream30 = (intervalMs = 0) => ({
    kind: 'openai-sse' as const,
    intervalMs,
    chunks: [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'hi' }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      chunk({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } }),
    ],
  });
  const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as InstanceType<typeof OpenAI.APIError> & { headers: Headers });

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 2), headers: { 'x-ratelimit-remaining-requests': '9999', 'x-ratelimit-limit-requests': '10000' } });
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-limit-key-01'], models: [{ id: 'm', prompt: 1 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-limit-01'], models: [{ id: 'claude-sonnet-4-5', prompt: 3, completion: 15 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('requests per minute: the SDK sees the limits on each answer, then RateLimitError with retry-after; the row is a 429', async () => {
    const token = await gw.addToken({ rpm_limit: 3 });
    const client = gw.client(token.key);
    for (const remaining of ['2', '1', '0']) {
      const { response } = await client.chat.completions.create(ask()).withResponse();
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      // The gateway's limits, not the upstream key's.
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(remaining);
      // Measured from the first request's admission: a loaded machine may spend seconds on three requests.
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(1m0s|5[5-9]s|60s)$/);
    }
    const err = await refusal(client.chat.completions.create(ask()));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.status).toBe(429);
    expect(err.code).toBe('rate_limited');
    const retryAfter = Number(err.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(Number(err.headers.get('retry-after-ms'))).toBeGreaterThan((retryAfter - 1) * 1000);
    expect(err.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(fake.requests.filter((r) => r.headers.authorization === 'Bearer sk-limit-key-01').length).toBeGreaterThanOrEqual(3);
    const rows = (await gw.logs()).filter((r) => r.token_id === token.id);
    expect(rows.map((r) => r.status_code)).toEqual([200, 200, 200, 429]);
    expect(rows[3]).toMatchObject({ model: 'up/m' });
    expect(rows[3]!.error_message).toContain('rate_limited');
  });

  it('a token without limits still gets the upstream headers', async () => {
    const token = await gw.addToken();
    const { response } = await gw.client(token.key).chat.completions.create(ask()).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('9999');
  });

  it('tokens per minute with streams: the estimate is held while a stream runs, then corrected to its usage', async () => {
    const token = await gw.addToken({ tpm_limit: 1000 });
    const client = gw.client(token.key);
    fake.enqueue(stream30(150));
    const first = await client.chat.completions.create({ ...ask(400), stream: true }).withResponse();
    const held = 1000 - Number(first.response.headers.get('x-ratelimit-remaining-tokens'));
    expect(first.response.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    expect(held).toBeGreaterThan(400);
    expect(held).toBeLessThan(450);
    // While the first stream runs its estimate is held: 900 more does not fit.
    const busy = await refusal(client.chat.completions.create({ ...ask(900), stream: true }));
    expect(busy).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    let text = '';
    for await (const c of first.data) text += c.choices[0]?.delta?.content ?? '';
    expect(text).toBe('hi');
    // The stream used 30 tokens: now 900 fits beside them.
    fake.enqueue(stream30());
    const second = await client.chat.completions.create({ ...ask(900), stream: true }).withResponse();
    for await (const _ of second.data) void _;
    const remaining = Number(second.response.headers.get('x-ratelimit-remaining-tokens'));
    expect(remaining).toBeGreaterThanOrEqual(1000 - 30 - 950);
    expect(remaining).toBeLessThan(1000 - 30 - 900);
    // 30 + 30 counted now; a request estimated at 950 tokens waits for the first to leave the window.
    const after = await refusal(client.chat.completions.create({ ...ask(945), stream: true }));
    expect(after.status).toBe(429);
    const rows = (await gw.logs()).filter((r) => r.token_id === token.id);
    expect(rows.map((r) => r.status_code).sort()).toEqual([200, 200, 429, 429]);
  });

  it('concurrent requests: one in flight at a time, the next admitted once it ends', async () => {
    const token = await gw.addToken({ concurrency_limit: 1 });
    const client = gw.client(token.key);
    fake.enqueue({ kind: 'openai-json', body: completion(5, 2), delayMs: 300 });
    const slow = client.chat.completions.create(ask());
    await new Promise((r) => setTimeout(r, 100));
    const err = await refusal(client.chat.completions.create(ask()));
    expect(err.status).toBe(429);
    expect(err.headers.get('retry-after')).toBe('1');
    await slow;
    await expect(client.chat.completions.create(ask())).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('/v1/messages: Anthropic-style headers, and the Anthropic SDK RateLimitError', async () => {
    const token = await gw.addToken({ rpm_limit: 1, tpm_limit: 5000 });
    const client = gw.anthropic(token.key);
    const req = { model: 'claude/claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
    const { response } = await client.messages.create(req).withResponse();
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('1');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(response.headers.get('anthropic-ratelimit-tokens-limit')).toBe('5000');
    const reset = Date.parse(response.headers.get('anthropic-ratelimit-requests-reset') ?? '');
    expect(Math.abs(reset - (Date.now() + 60_000))).toBeLessThan(3000);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const err = (await client.messages.create(req).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError> & { headers: Headers };
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err.error as { error: { type: string } }).error.type).toBe('rate_limit_error');
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
  });

  it('GET /v1/token/balance shows the limits', async () => {
    const token = await gw.addToken({ rpm_limit: 30, tpm_limit: 10_000, concurrency_limit: 4 });
    const res = await gw.raw('/v1/token/balance', { headers: { authorization: `Bearer ${token.key}` } });
    expect(await res.json()).toMatchObject({ rpm_limit: 30, tpm_limit: 10_000, concurrency_limit: 4 });
  });
});
