import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { chatStatus, completion, startTestGateway, type TestGateway } from './harness';

/** Issue 3: budgets hold under concurrency (standalone: holds kept in memory). */
describe('budgets under load', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  const perCall = 45 * 1000 / 1e6; // 5 + 40 tokens at 1000 per million

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40), delayMs: 30 });
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-budget-key-0001'], models: [{ id: 'm', prompt: 1000, completion: 1000 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  const chat = (key: string) => chatStatus(gw, key, 'up/m');

  it('50 concurrent requests against a budget for about 15: served or 402, never above the budget, books agree', async () => {
    const budget = perCall * 15;
    const token = await gw.addToken({ max_amount: budget });
    const statuses = await Promise.all(Array.from({ length: 50 }, () => chat(token.key)));
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBeGreaterThanOrEqual(10);
    expect(served).toBeLessThanOrEqual(15);

    const rows = (await gw.logs()).filter((r) => r.token_id === token.id);
    expect(rows).toHaveLength(50);
    const logged = rows.reduce((sum, r) => sum + (r.amount_spent ?? 0), 0);
    const stored = (await gw.store.tokens.get(token.id))!;
    expect(stored.amount_spent).toBeCloseTo(logged, 9);
    expect(stored.amount_spent).toBeLessThanOrEqual(budget + 1e-9);
  });

  it('right after a burst the next request sees the true remaining amount', async () => {
    const token = await gw.addToken({ max_amount: perCall * 100 });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => chat(token.key)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    // No flush: each hold was replaced by the actual cost as its response ended, whether or not the
    // log-writer has written it yet.
    const current = gw.proxy.state.current.token(token.key)!;
    expect(gw.proxy.ledger.remaining(current)).toBeCloseTo(perCall * 80, 9);
    expect(await chat(token.key)).toBe(200);
  });

  it('a sequential run on a small budget is never refused before the budget is used', async () => {
    const token = await gw.addToken({ max_amount: perCall * 4 + perCall / 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await chat(token.key));
    // four full calls, a fifth charged what was left, then refusals
    expect(statuses).toEqual([200, 200, 200, 200, 200, 402, 402, 402]);
    await gw.flushLogs();
    const stored = (await gw.store.tokens.get(token.id))!;
    expect(stored.amount_spent).toBeCloseTo(perCall * 4.5, 9);
    expect(stored.disabled_reason).toBe('exhausted');
  });
});
