import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { chatStatus, completion, startTestGateway, type TestGateway } from './harness';
import { parsePrometheus, sumOf, type Sample } from './prometheus-text';

/** Issue 13: /metrics after a known run agrees with request_logs. */
describe('GET /metrics after a known run', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  const perCall = (7 * 2000 + 30 * 3000) / 1e6;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(7, 30) });
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-metrics-key-0001'], models: [{ id: 'm', prompt: 2000, completion: 3000 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  async function scrape(): Promise<Sample[]> {
    const res = await gw.raw('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  }

  it('counts requests, tokens and cost exactly as the request_logs rows do', async () => {
    const a = await gw.addToken();
    const b = await gw.addToken({ max_amount: perCall });
    for (let i = 0; i < 4; i++) expect(await chatStatus(gw, a.key, 'up/m')).toBe(200);
    // b can afford exactly one call: the second is refused with 402 before any upstream call.
    expect(await chatStatus(gw, b.key, 'up/m')).toBe(200);
    expect(await chatStatus(gw, b.key, 'up/m')).toBe(402);
    // A stream through the official SDK, with its usage chunk.
    fake.setDefault({ kind: 'openai-sse' });
    const stream = await gw.client(a.key).chat.completions.create({ model: 'up/m', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) void chunk;

    const rows = await gw.logs();
    expect(rows).toHaveLength(7);
    const samples = await scrape();

    expect(sumOf(samples, 'aigw_requests_total')).toBe(rows.length);
    expect(sumOf(samples, 'aigw_requests_total', { route: 'chat', status: '200', provider: 'up', model: 'up/m' })).toBe(5);
    expect(sumOf(samples, 'aigw_requests_total', { route: 'chat_stream', status: '200', provider: 'up', model: 'up/m' })).toBe(1);
    // The refused row names its model too.
    expect(sumOf(samples, 'aigw_requests_total', { route: 'chat', status: '402', model: 'up/m' })).toBe(1);
    expect(sumOf(samples, 'aigw_refusals_total', { code: 'insufficient_balance' })).toBe(1);

    for (const token of [a, b]) {
      const mine = rows.filter((r) => r.token_id === token.id);
      const id = String(token.id);
      const prompt = mine.reduce((s, r) => s + (r.prompt_tokens ?? 0), 0);
      const completionTokens = mine.reduce((s, r) => s + (r.completion_tokens ?? 0), 0);
      const cost = mine.reduce((s, r) => s + (r.amount_spent ?? 0), 0);
      expect(prompt).toBeGreaterThan(0);
      expect(sumOf(samples, 'aigw_tokens_total', { token_id: id, type: 'prompt' })).toBe(prompt);
      expect(sumOf(samples, 'aigw_tokens_total', { token_id: id, type: 'completion' })).toBe(completionTokens);
      expect(sumOf(samples, 'aigw_cost_total', { token_id: id, provider: 'up', model: 'up/m', currency: 'USD' })).toBeCloseTo(cost, 9);
    }
    expect(sumOf(samples, 'aigw_cost_total')).toBeCloseTo(rows.reduce((s, r) => s + (r.amount_spent ?? 0), 0), 9);

    // Every served request has a latency and a time to first byte; the refused one only a latency.
    expect(sumOf(samples, 'aigw_request_duration_seconds_count')).toBe(rows.length);
    expect(sumOf(samples, 'aigw_time_to_first_byte_seconds_count')).toBe(rows.filter((r) => r.ttfb_ms !== null).length);
    expect(sumOf(samples, 'aigw_time_to_first_byte_seconds_count')).toBeGreaterThanOrEqual(6);
    // Process metrics, the event-loop lag among them.
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
    expect(samples.every((s) => s.labels.service === 'aigw-standalone')).toBe(true);
  });

  it('counts an upstream failure by kind', async () => {
    fake.setDefault({ kind: 'openai-json', status: 500, body: { error: { message: 'boom' } } });
    const token = await gw.addToken();
    const before = sumOf(await scrape(), 'aigw_upstream_errors_total', { provider: 'up' });
    expect(await chatStatus(gw, token.key, 'up/m')).toBe(502);
    await gw.flushLogs();
    expect(sumOf(await scrape(), 'aigw_upstream_errors_total', { provider: 'up', kind: 'upstream_error' })).toBe(before + 1);
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await gw.raw('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await gw.raw('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
