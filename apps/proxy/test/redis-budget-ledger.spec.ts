import { randomUUID } from 'node:crypto';
import { createLogger } from '@aigw/telemetry';
import { testRedisUrl } from '@aigw/test-support';
import { RedisBudgetLedger } from '../src/budget/redis-budget-ledger';

const logger = createLogger({ level: 'silent', timezone: 'UTC' });

describe('RedisBudgetLedger (real Redis)', () => {
  const ledgers: RedisBudgetLedger[] = [];
  const make = (url = testRedisUrl(), prefix = `t:${randomUUID()}:`) => {
    const l = new RedisBudgetLedger({ redisUrl: url, logger, keyPrefix: prefix });
    ledgers.push(l);
    return l;
  };
  afterAll(async () => {
    for (const l of ledgers) await l.close();
  });

  it('two proxies share one budget: concurrent holds never exceed it', async () => {
    const prefix = `t:${randomUUID()}:`;
    const a = make(testRedisUrl(), prefix);
    const b = make(testRedisUrl(), prefix);
    expect(await a.waitReady()).toBe(true);
    expect(await b.waitReady()).toBe(true);
    const token = { id: 7, max_amount: 1, amount_spent: 0 };
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserve(token, 0.125, `r${i}`)),
    );
    const held = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ amount: number }>).value.amount);
    expect(held.length).toBe(8);
    expect(held.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'insufficient_balance' });
    }
  });

  it('settling replaces the hold with the actual cost at once', async () => {
    const ledger = make();
    await ledger.waitReady();
    const token = { id: 8, max_amount: 1, amount_spent: 0.2 };
    const r = await ledger.reserve(token, 0.5, 'x');
    // 0.3 left beside the hold: a bigger request is refused while it is in flight
    await expect(ledger.reserve(token, 0.31, 'w')).rejects.toMatchObject({ code: 'insufficient_balance' });
    await ledger.settle(r!, 0.1);
    const next = await ledger.reserve(token, 0.05, 'y');
    expect(next?.amount).toBeCloseTo(0.05, 9);
    // 0.65 left beside the settled cost and the new hold
    await expect(ledger.reserve(token, 0.66, 'v')).rejects.toMatchObject({ code: 'insufficient_balance' });
    expect(await ledger.reserve(token, 0.65, 'u')).toMatchObject({ clipped: false });
  });

  it('a request that does not fit is clipped only when nothing else is in flight', async () => {
    const ledger = make();
    await ledger.waitReady();
    const token = { id: 9, max_amount: 0.3, amount_spent: 0 };
    const first = await ledger.reserve(token, 0.2, 'a');
    await expect(ledger.reserve(token, 0.2, 'b')).rejects.toMatchObject({ code: 'insufficient_balance' });
    await ledger.settle(first!, 0.2);
    const alone = await ledger.reserve(token, 0.2, 'c');
    expect(alone).toMatchObject({ clipped: true });
    expect(alone!.amount).toBeCloseTo(0.1, 9);
  });

  it('keeps serving with holds in memory when Redis is unreachable', async () => {
    const ledger = make('redis://127.0.0.1:6390');
    const token = { id: 10, max_amount: 1, amount_spent: 0 };
    const r = await ledger.reserve(token, 0.4, 'z');
    expect(r?.amount).toBeCloseTo(0.4, 9);
    await ledger.settle(r!, 0.3);
    expect(ledger.remaining(token)).toBeCloseTo(0.7, 9);
  });

  it('logs a Redis error that repeats at every reconnect once, not at every attempt', async () => {
    const lines: string[] = [];
    const counting = createLogger({ level: 'warn', timezone: 'UTC' }, { write: (line: string) => void lines.push(line) });
    const ledger = new RedisBudgetLedger({ redisUrl: 'redis://127.0.0.1:6390', logger: counting, keyPrefix: `t:${randomUUID()}:` });
    ledgers.push(ledger);
    // Reconnects at 200, 400, 600, 800 ms: five refused connections within two seconds.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const errors = lines.filter((line) => line.includes('ECONNREFUSED'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('redis connection budget-ledger');
  });

  it('logs an outage once when it starts, not at every reserve it refuses or shares', async () => {
    const lines: string[] = [];
    const counting = createLogger({ level: 'warn', timezone: 'UTC' }, { write: (line: string) => void lines.push(line) });
    const ledger = new RedisBudgetLedger({ redisUrl: 'redis://127.0.0.1:6390', logger: counting, keyPrefix: `t:${randomUUID()}:`, onRedisOutage: 'refuse' });
    ledgers.push(ledger);
    const token = { id: 11, max_amount: 1, amount_spent: 0 };
    for (const id of ['a', 'b', 'c']) await expect(ledger.reserve(token, 0.1, id)).rejects.toMatchObject({ code: 'budget_unavailable' });
    expect(lines.filter((line) => line.includes('redis unavailable'))).toHaveLength(1);
  });
});
