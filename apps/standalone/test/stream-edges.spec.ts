import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

describe('stream edges', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['k1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 1 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const body = JSON.stringify({ model: 'up/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  const headers = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

  it('forwards chunks as they arrive, not all at the end', async () => {
    fake.enqueue({ kind: 'openai-sse', intervalMs: 150 });
    const res = await gw.raw('/v1/chat/completions', { method: 'POST', headers: headers(), body });
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    const start = Date.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(Date.now() - start);
    }
    expect(arrivals.length).toBeGreaterThan(2);
    expect(arrivals[0]!).toBeLessThan(arrivals.at(-1)! - 200);
  });

  it('a client that goes away aborts the upstream call and the row says so', async () => {
    fake.enqueue({ kind: 'openai-sse', intervalMs: 200 });
    const controller = new AbortController();
    const res = await gw.raw('/v1/chat/completions', { method: 'POST', headers: headers(), body, signal: controller.signal } as never);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    // Polled, not a fixed wait: on a loaded machine the abort may take longer than a moment to reach the fake.
    for (let i = 0; i < 100 && fake.aborted === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.aborted).toBeGreaterThan(0);
    const row = (await gw.logs()).at(-1)!;
    expect(row.status_code).toBe(499);
    expect(row.error_message).toContain('client closed');
    expect(row.usage_source).toBe('estimated');
  });

  it('an upstream that dies mid-stream ends the stream with an error event', async () => {
    fake.enqueue({ kind: 'openai-sse', dieAfter: 2, intervalMs: 20 });
    const res = await gw.raw('/v1/chat/completions', { method: 'POST', headers: headers(), body });
    const text = await res.text();
    const events = text.split('\n\n').filter((e) => e.startsWith('data: '));
    const last = JSON.parse(events.at(-1)!.slice(6)) as { error: { code: string; message: string } };
    expect(last.error.code).toBe('upstream_error');
    const row = (await gw.logs()).at(-1)!;
    expect(row.status_code).toBe(502);
    expect(row.error_message).toContain('stream interrupted');
  });
});
