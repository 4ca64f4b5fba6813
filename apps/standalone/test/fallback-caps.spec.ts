import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 13 with issue 12: each target of an alias has its own catalog max_output_tokens. A fallback
 * is planned from what the client asked (not from the route's clamp), the row's clamped_from is the
 * answering target's, and the tokens-per-minute hold is the largest over the route and its fallbacks.
 */
describe('fallback targets and their own output caps', () => {
  let small: FakeUpstream;
  let big: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  let limited: string;
  const sent = (fake: FakeUpstream) => (fake.requests.at(-1)!.body as { max_tokens?: unknown }).max_tokens;

  beforeAll(async () => {
    small = await startFakeUpstream();
    big = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'small', baseUrl: small.url, keys: ['sk-small'], models: [{ id: 's1', prompt: 1, completion: 1, maxOutputTokens: 100 }] });
    await gw.addProvider({ name: 'big', baseUrl: big.url, keys: ['sk-big'], models: [{ id: 'b1', prompt: 1, completion: 1, maxOutputTokens: 4000 }] });
    await gw.store.aliases.put('small-first', [
      { model: 'small/s1', priority: 2, weight: 1 },
      { model: 'big/b1', priority: 1, weight: 1 },
    ]);
    await gw.store.aliases.put('big-first', [
      { model: 'big/b1', priority: 2, weight: 1 },
      { model: 'small/s1', priority: 1, weight: 1 },
    ]);
    await gw.proxy.state.reload();
    token = (await gw.addToken({ max_amount: 100 })).key;
    limited = (await gw.addToken({ max_amount: 100, tpm_limit: 100_000 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([small.close(), big.close()]);
  });
  beforeEach(async () => {
    small.reset();
    big.reset();
    await gw.resetKeyHealth();
  });

  const ask = (key: string, model: string, maxTokens?: number) =>
    gw.client(key).chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }) });

  it('a fallback clamped by its own cap that answers: sent clamped, the row records what was asked', async () => {
    big.enqueue({ kind: 'status', status: 503, body: '{"error":{"message":"down"}}' });
    await ask(token, 'big-first', 1000);
    expect(sent(big)).toBe(1000);
    expect(sent(small)).toBe(100);
    expect((await gw.logs()).at(-1)).toMatchObject({ status_code: 200, provider: 'small', clamped_from: 1000 });
  });

  it('a fallback with a larger cap gets what the client asked, not the route\'s clamp, and is not recorded as clamped', async () => {
    small.enqueue({ kind: 'status', status: 503, body: '{"error":{"message":"down"}}' });
    await ask(token, 'small-first', 1000);
    expect(sent(small)).toBe(100);
    expect(sent(big)).toBe(1000);
    expect((await gw.logs()).at(-1)).toMatchObject({ status_code: 200, provider: 'big', clamped_from: null });
  });

  it('the route itself answering keeps its own clamp on the row', async () => {
    await ask(token, 'small-first', 1000);
    expect(big.requests).toHaveLength(0);
    expect((await gw.logs()).at(-1)).toMatchObject({ status_code: 200, provider: 'small', clamped_from: 1000 });
  });

  it('the tokens-per-minute hold is the largest estimate over the route and its fallbacks', async () => {
    const admit = jest.spyOn(gw.proxy.deps.limiter, 'admit');
    await ask(limited, 'small-first');
    const estimate = admit.mock.calls.at(-1)![2];
    admit.mockRestore();
    // No cap asked: the route holds its 100, the fallback its 4000; the hold covers the fallback.
    expect(estimate).toBeGreaterThanOrEqual(4000);
    expect(estimate).toBeLessThan(4100);
  });
});
