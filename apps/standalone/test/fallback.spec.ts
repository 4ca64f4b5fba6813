import { closedPort, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import type { AliasTarget } from '@aigw/store';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 13, fallbacks across providers: an alias with two providers whose first is down (connection
 * refused, a 503, a stream that sends nothing) is answered by the second through the official
 * openai SDK, and the row keeps both attempts.
 */
describe('fallbacks across providers', () => {
  let down: FakeUpstream;
  let up: FakeUpstream;
  let third: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  const PRICES = { prompt: 100, completion: 100 };
  const CHEAP = { prompt: 1, completion: 2 };

  async function alias(name: string, targets: AliasTarget[]): Promise<void> {
    await gw.store.aliases.put(name, targets);
    await gw.proxy.state.reload();
  }

  beforeAll(async () => {
    down = await startFakeUpstream();
    up = await startFakeUpstream();
    third = await startFakeUpstream();
    // One alias comes from the config file's [aliases] table (a target list), the others from the store.
    gw = await startTestGateway({
      routing: { first_byte_timeout: '300ms', max_attempts: 2 },
      aliases: {
        'smart-refused': [
          { model: 'refused/m1', priority: 2 },
          { model: 'second/m2', priority: 1 },
        ],
      },
    });
    await gw.addProvider({ name: 'refused', baseUrl: `http://127.0.0.1:${await closedPort()}/v1`, keys: ['sk-refused'], models: [{ id: 'm1', ...PRICES }] });
    await gw.addProvider({ name: 'flaky', baseUrl: down.url, keys: ['sk-flaky'], models: [{ id: 'm1', ...PRICES }] });
    await gw.addProvider({ name: 'second', baseUrl: up.url, keys: ['sk-second'], models: [{ id: 'm2', ...CHEAP }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: up.url, keys: ['sk-ant'], models: [{ id: 'claude-m', ...CHEAP }] });
    await gw.addProvider({ name: 'third', baseUrl: third.url, keys: ['sk-third'], models: [{ id: 'm3', ...CHEAP }] });
    await alias('smart-flaky', [
      { model: 'flaky/m1', priority: 2, weight: 1 },
      { model: 'second/m2', priority: 1, weight: 1 },
    ]);
    await alias('smart-cross', [
      { model: 'flaky/m1', priority: 2, weight: 1 },
      { model: 'claude/claude-m', priority: 1, weight: 1 },
    ]);
    await alias('smart-three', [
      { model: 'refused/m1', priority: 3, weight: 1 },
      { model: 'flaky/m1', priority: 2, weight: 1 },
      { model: 'third/m3', priority: 1, weight: 1 },
    ]);
    token = (await gw.addToken({ max_amount: 1000 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([down.close(), up.close(), third.close()]);
  });
  beforeEach(async () => {
    await gw.resetKeyHealth();
    down.reset();
    up.reset();
    third.reset();
  });

  const ask = (model: string) => gw.client(token).chat.completions.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });

  async function lastRow() {
    return (await gw.logs()).at(-1)!;
  }

  function expectBilledAtSecond(row: Awaited<ReturnType<typeof lastRow>>): void {
    expect(row.provider).toBe('second');
    expect(row.upstream_model).toBe('m2');
    // Billed at the answering target's price (1 and 2 per million), not the first one's (100).
    const expected = (row.prompt_tokens! * CHEAP.prompt + row.completion_tokens! * CHEAP.completion) / 1e6;
    expect(row.amount_spent).toBeCloseTo(expected, 10);
  }

  it('connection refused: the second provider answers, both attempts in the row', async () => {
    const answer = await ask('smart-refused');
    expect(answer.choices[0]!.message.content).toBe('Hello from fake');
    expect(up.requests).toHaveLength(1);
    expect((up.requests[0]!.body as { model: string }).model).toBe('m2');
    const row = await lastRow();
    expect(row.status_code).toBe(200);
    expect(row.model).toBe('smart-refused');
    expectBilledAtSecond(row);
    expect(row.attempts).toBe(2);
    expect(row.attempt_details).toEqual([
      { provider: 'refused', model: 'm1', key: expect.any(String), status: null, error: expect.stringMatching(/refused|connect/i), ms: expect.any(Number) },
      { provider: 'second', model: 'm2', key: expect.any(String), status: 200, error: null, ms: expect.any(Number) },
    ]);
  });

  it('a 503: the second provider answers, both attempts in the row', async () => {
    down.enqueue({ kind: 'status', status: 503, body: '{"error":{"message":"overloaded"}}' });
    const answer = await ask('smart-flaky');
    expect(answer.choices[0]!.message.content).toBe('Hello from fake');
    expect(down.requests).toHaveLength(1);
    const row = await lastRow();
    expect(row.status_code).toBe(200);
    expectBilledAtSecond(row);
    expect(row.attempt_details?.map((a) => [a.provider, a.status])).toEqual([
      ['flaky', 503],
      ['second', 200],
    ]);
    expect(row.attempt_details?.[0]!.error).toContain('overloaded');
  });

  it('a stream that sends headers and then nothing: after first_byte_timeout the second provider streams the answer', async () => {
    down.enqueue({ kind: 'sse-silent' });
    const started = Date.now();
    const stream = await gw.client(token).chat.completions.create({ model: 'smart-flaky', stream: true, messages: [{ role: 'user', content: 'hello' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello from fake');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const row = await lastRow();
    expect(row.status_code).toBe(200);
    expect(row.request_type).toBe('chat_stream');
    expectBilledAtSecond(row);
    const [first, second] = row.attempt_details ?? [];
    expect(first).toMatchObject({ provider: 'flaky', status: null });
    expect(first!.error).toContain('first_byte_timeout');
    expect(first!.ms).toBeGreaterThanOrEqual(290);
    expect(second).toMatchObject({ provider: 'second', status: 200, error: null });
    // The silent key counts as failed (its breaker sees it), not as a success.
    const keys = await gw.raw('/admin/providers/flaky/keys', { headers: { authorization: `Bearer ${gw.adminToken}` } });
    const [key] = ((await keys.json()) as { data: { failures: number; successes: number; consecutive_failures: number }[] }).data;
    expect(key).toMatchObject({ consecutive_failures: 1 });
  });

  it('after the first byte there is no retry: a stream cut mid-way ends with an error, the second provider is never called', async () => {
    down.enqueue({ kind: 'openai-sse', dieAfter: 2 });
    const res = await gw.raw('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart-flaky', stream: true, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"content":"Hello"');
    expect(text).toContain('"code":"upstream_error"');
    expect(up.requests).toHaveLength(0);
    const row = await lastRow();
    expect(row.status_code).toBe(502);
    expect(row.attempt_details?.map((a) => [a.provider, a.status])).toEqual([['flaky', 200]]);
  });

  it('a fallback to another protocol is planned for it: Chat Completions to an Anthropic upstream after a 429', async () => {
    down.enqueue({ kind: 'status', status: 429, body: '{"error":{"message":"slow down"}}' });
    const answer = await ask('smart-cross');
    expect(answer.choices[0]!.message.content).toBe('Hello from fake claude');
    expect(up.requests.map((r) => r.path)).toEqual(['/v1/messages']);
    expect((up.requests[0]!.body as { model: string }).model).toBe('claude-m');
    const row = await lastRow();
    expect([row.provider, row.upstream_model, row.status_code]).toEqual(['claude', 'claude-m', 200]);
    expect(row.attempt_details?.map((a) => [a.provider, a.status])).toEqual([
      ['flaky', 429],
      ['claude', 200],
    ]);
  });

  it('a revoked key (401) on the only key of the first provider: the second provider answers, the key is never tried again', async () => {
    down.failKey('sk-flaky', { kind: 'status', status: 401, body: '{"error":{"message":"invalid api key"}}' });
    const answer = await ask('smart-flaky');
    expect(answer.choices[0]!.message.content).toBe('Hello from fake');
    const row = await lastRow();
    expect(row.status_code).toBe(200);
    expectBilledAtSecond(row);
    expect(row.attempt_details?.map((a) => [a.provider, a.status])).toEqual([
      ['flaky', 401],
      ['second', 200],
    ]);
    await ask('smart-flaky');
    await ask('smart-flaky');
    expect(down.callsWithKey('sk-flaky')).toBe(1);
    expect(up.requests).toHaveLength(3);
  });

  it('a failure that is the request\'s own (400) is answered as it came, no fallback', async () => {
    down.enqueue({ kind: 'status', status: 400, body: '{"error":{"message":"bad field"}}' });
    await expect(ask('smart-flaky')).rejects.toMatchObject({ status: 400 });
    expect(up.requests).toHaveLength(0);
    const row = await lastRow();
    expect(row.attempt_details?.map((a) => [a.provider, a.status])).toEqual([['flaky', 400]]);
  });

  it('the attempt budget (routing.max_attempts = 2): two targets tried, the third never, the last error answered', async () => {
    down.enqueue({ kind: 'status', status: 503, body: '{"error":{"message":"still down"}}' });
    await expect(ask('smart-three')).rejects.toMatchObject({ status: 502 });
    expect(down.requests).toHaveLength(1);
    expect(third.requests).toHaveLength(0);
    const row = await lastRow();
    expect(row.status_code).toBe(502);
    expect(row.upstream_status).toBe(503);
    expect(row.attempt_details?.map((a) => [a.provider, a.status])).toEqual([
      ['refused', null],
      ['flaky', 503],
    ]);
  });

  it('the config file\'s alias was reconciled at start with an admin_logs row with actor config', async () => {
    const rows = (await gw.store.adminLogs.list({ limit: 100 })).filter((r) => r.actor === 'config' && r.target === 'smart-refused');
    expect(rows).toEqual([expect.objectContaining({ operation: 'alias.put', path: '[aliases]', detail: expect.objectContaining({ created: true }) })]);
  });

  it('GET /admin/logs shows the attempts of a request', async () => {
    await ask('smart-refused');
    await gw.flushLogs();
    const res = await gw.raw('/admin/logs?limit=1', { headers: { authorization: `Bearer ${gw.adminToken}` } });
    const body = (await res.json()) as { data: { attempt_details: { provider: string; status: number | null }[] }[] };
    expect(body.data[0]!.attempt_details.map((a) => [a.provider, a.status])).toEqual([
      ['refused', null],
      ['second', 200],
    ]);
  });
});
