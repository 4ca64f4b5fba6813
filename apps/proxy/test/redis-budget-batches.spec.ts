import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '@aigw/telemetry';
import { testRedisUrl } from '@aigw/test-support';
import { RedisBudgetLedger } from '../src/budget/redis-budget-ledger';

const logger = createLogger({ level: 'silent', timezone: 'UTC' });

/** The holds and settles of one turn go to Redis as one script call each (redis-budget-batches.ts). */
describe('RedisBudgetLedger batches (real Redis)', () => {
  const closers: { close(): Promise<void> }[] = [];
  const make = (prefix: string) => {
    const l = new RedisBudgetLedger({ redisUrl: testRedisUrl(), logger, keyPrefix: prefix });
    closers.push(l);
    return l;
  };
  afterAll(async () => {
    for (const c of closers) await c.close();
  });

  /** The script calls this process sends to Redis on keys of `prefix` while `run` runs. */
  async function scriptCalls(prefix: string, run: () => Promise<void>): Promise<number> {
    const send = jest.spyOn(Redis.prototype, 'sendCommand');
    try {
      await run();
      return send.mock.calls.filter(([c]) => /^eval/i.test(c.name) && c.args.some((a) => String(a).startsWith(prefix))).length;
    } finally {
      send.mockRestore();
    }
  }

  it('sends the holds of one turn as one script call, each answered on its own', async () => {
    const prefix = `t:${randomUUID()}:`;
    const ledger = make(prefix);
    await ledger.waitReady();
    const tokens = [1, 2, 3].map((id) => ({ id, max_amount: 1, amount_spent: 0 }));
    let results: PromiseSettledResult<unknown>[] = [];
    const calls = await scriptCalls(prefix, async () => {
      results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => ledger.reserve(tokens[i % 3]!, 0.25, `r${i}`)));
    });
    expect(calls).toBe(1);
    // Per token 10 asked for 0.25 of 1: the first four (in call order) hold, the rest are refused.
    results.forEach((r, i) => {
      if (Math.floor(i / 3) < 4) expect(r).toMatchObject({ status: 'fulfilled', value: { tokenId: tokens[i % 3]!.id, requestId: `r${i}`, amount: 0.25 } });
      else expect(r).toMatchObject({ status: 'rejected', reason: { code: 'insufficient_balance' } });
    });
  });

  it('sends the settles of one turn as one script call, and each is stored before it resolves', async () => {
    const prefix = `t:${randomUUID()}:`;
    const ledger = make(prefix);
    const other = make(prefix);
    await Promise.all([ledger.waitReady(), other.waitReady()]);
    const token = { id: 4, max_amount: 1, amount_spent: 0 };
    const holds = await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.reserve(token, 0.125, `s${i}`)));
    const calls = await scriptCalls(prefix, async () => {
      await Promise.all(holds.map((h) => ledger.settle(h!, 0.05)));
    });
    expect(calls).toBe(1);
    // 8 x 0.05 settled: another proxy sees 0.6 left at once.
    const rest = await other.reserve(token, 0.61, 'o1');
    expect(rest).toMatchObject({ clipped: true });
    expect(rest!.amount).toBeCloseTo(0.6, 9);
  });

  it('two proxies sending batches at once never hold more than the budget of any token', async () => {
    const prefix = `t:${randomUUID()}:`;
    const a = make(prefix);
    const b = make(prefix);
    await Promise.all([a.waitReady(), b.waitReady()]);
    const tokens = [11, 12].map((id) => ({ id, max_amount: 1, amount_spent: 0 }));
    const held = new Map<number, number[]>();
    // Several turns of mixed holds and settles on both proxies, racing each other.
    for (let turn = 0; turn < 5; turn += 1) {
      const results = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).reserve(tokens[(i >> 1) % 2]!, 0.07 + (i % 5) * 0.01, `t${turn}-${i}`)),
      );
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'insufficient_balance' });
        else held.set(r.value!.tokenId, [...(held.get(r.value!.tokenId) ?? []), r.value!.amount]);
      }
    }
    for (const t of tokens) {
      const sum = (held.get(t.id) ?? []).reduce((s, x) => s + x, 0);
      expect(sum).toBeLessThanOrEqual(1 + 1e-9);
      expect(sum).toBeGreaterThan(0.85);
    }
  });
});
