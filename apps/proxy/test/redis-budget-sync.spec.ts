import { randomUUID } from 'node:crypto';
import { RedisBudgetCommits } from '@aigw/events';
import { startTcpProxy, type TcpProxy, testRedisUrl } from '@aigw/test-support';
import { createLogger } from '@aigw/telemetry';
import { RedisBudgetLedger, type RedisBudgetLedgerOptions } from '../src/budget/redis-budget-ledger';

const logger = createLogger({ level: 'silent', timezone: 'UTC' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Issue 11: the database is the source of truth; Redis keeps holds and not-yet-committed costs. */
describe('RedisBudgetLedger keeps in step with the database', () => {
  const closers: { close(): Promise<void> }[] = [];
  let prefix: string;
  const make = (options: Partial<RedisBudgetLedgerOptions> = {}) => {
    const l = new RedisBudgetLedger({ redisUrl: testRedisUrl(), logger, keyPrefix: prefix, heartbeatMs: 100, ...options });
    closers.push(l);
    return l;
  };
  beforeEach(() => {
    prefix = `t:${randomUUID()}:budget:`;
  });
  afterAll(async () => {
    for (const c of closers) await c.close();
  });

  it('a top-up reaches a proxy that answered 402: its cheap check and its holds follow the snapshot', async () => {
    const a = make();
    const b = make();
    await Promise.all([a.waitReady(), b.waitReady()]);
    const token = { id: 1, max_amount: 0.5, amount_spent: 0 };
    await a.settle((await a.reserve(token, 0.5, 'r1'))!, 0.5);
    await expect(b.reserve(token, 0.1, 'r2')).rejects.toMatchObject({ code: 'insufficient_balance' });
    const toppedUp = { ...token, max_amount: 2 };
    expect(b.remaining(toppedUp)).toBe(2);
    expect(await b.reserve(toppedUp, 0.1, 'r3')).toMatchObject({ amount: 0.1, clipped: false });
  });

  it('a reset of amount_spent serves the token again at once, while costs not yet committed still count', async () => {
    const a = make();
    await a.waitReady();
    const spent = { id: 2, max_amount: 1, amount_spent: 1 };
    await expect(a.reserve(spent, 0.1, 'r1')).rejects.toMatchObject({ code: 'insufficient_balance' });
    const reset = { ...spent, amount_spent: 0 };
    await a.settle((await a.reserve(reset, 0.4, 'r2'))!, 0.4);
    // 0.6 left: 0.4 is settled but not in the database yet
    await expect(a.reserve(reset, 0.61, 'r3')).resolves.toMatchObject({ clipped: true, amount: 0.6 });
  });

  it('counts a committed cost once, whether the proxy has heard of the commit or not', async () => {
    const heard = make();
    const notYet = make();
    await Promise.all([heard.waitReady(), notYet.waitReady()]);
    const commits = new RedisBudgetCommits({ redisUrl: testRedisUrl(), logger, budgetPrefix: prefix });
    closers.push(commits);
    const before = { id: 3, max_amount: 1, amount_spent: 0 };
    await heard.settle((await heard.reserve(before, 0.3, 'r1'))!, 0.3);
    const seq = await commits.commit([{ tokenId: 3, requestId: 'r1', cost: '0.3000000000' }]);
    expect(seq).toBeGreaterThan(0);
    const after = { ...before, amount_spent: 0.3 };
    heard.committed({ request_ids: ['r1'], token_ids: [3], budget_seq: seq });
    // both see 0.7 left: the proxy that heard through its snapshot, the other through the commit
    await expect(heard.reserve(after, 0.71, 'h1')).resolves.toMatchObject({ clipped: true, amount: 0.7 });
    await heard.settle({ tokenId: 3, requestId: 'h1', amount: 0.7, clipped: true }, 0);
    await expect(notYet.reserve(before, 0.71, 'n1')).resolves.toMatchObject({ clipped: true, amount: 0.7 });
  });

  it('forgets a commit after its ttl: by then every proxy has it in its snapshot', async () => {
    const a = make();
    await a.waitReady();
    const commits = new RedisBudgetCommits({ redisUrl: testRedisUrl(), logger, budgetPrefix: prefix, commitTtlMs: 200 });
    closers.push(commits);
    const token = { id: 6, max_amount: 1, amount_spent: 0 };
    await a.settle((await a.reserve(token, 0.3, 'r1'))!, 0.3);
    await commits.commit([{ tokenId: 6, requestId: 'r1', cost: '0.3000000000' }]);
    await expect(a.reserve(token, 0.71, 'r2')).resolves.toMatchObject({ amount: 0.7 });
    await a.settle({ tokenId: 6, requestId: 'r2', amount: 0.7, clipped: true }, 0);
    await sleep(400);
    // the snapshot now says 0.3 spent; the commit no longer counts on top of it
    await expect(a.reserve({ ...token, amount_spent: 0.3 }, 0.71, 'r3')).resolves.toMatchObject({ amount: 0.7 });
  });

  it('a commit that arrives before the settle leaves nothing behind once the proxy settles', async () => {
    const a = make();
    await a.waitReady();
    const commits = new RedisBudgetCommits({ redisUrl: testRedisUrl(), logger, budgetPrefix: prefix });
    closers.push(commits);
    const token = { id: 4, max_amount: 1, amount_spent: 0 };
    const r = await a.reserve(token, 0.5, 'r1');
    const seq = await commits.commit([{ tokenId: 4, requestId: 'r1', cost: '0.2000000000' }]);
    a.committed({ request_ids: ['r1'], token_ids: [4], budget_seq: seq });
    await a.settle(r!, 0.2);
    await expect(a.reserve({ ...token, amount_spent: 0.2 }, 0.81, 'r2')).resolves.toMatchObject({ clipped: true, amount: 0.8 });
  });

  it('a request that settles while the heartbeat renews leaves no hold behind (its token is served again)', async () => {
    // No timer heartbeats: the test runs one by hand.
    const a = make({ heartbeatMs: 3_600_000 });
    await a.waitReady();
    const other = { id: 7, max_amount: 1, amount_spent: 0 };
    const token = { id: 8, max_amount: 1, amount_spent: 0 };
    await a.reserve(other, 0.1, 'o1');
    const held = await a.reserve(token, 0.6, 'r1');
    // r1 settles after the heartbeat collected the holds in flight, before it renews token 8's.
    const internals = a as unknown as { redis: Record<string, (...args: string[]) => Promise<unknown>>; heartbeat(): Promise<void> };
    const renew = internals.redis.aigwRenew!.bind(internals.redis);
    let settledInGap = false;
    internals.redis.aigwRenew = async (...args: string[]) => {
      if (!settledInGap) {
        settledInGap = true;
        await a.settle(held!, 0.6);
      }
      return renew(...args);
    };
    await internals.heartbeat();
    expect(settledInGap).toBe(true);
    // 0.6 settled and nothing in flight: 0.4 left, and a bigger request is clipped, not refused
    await expect(a.reserve(token, 0.41, 'r2')).resolves.toMatchObject({ clipped: true, amount: 0.4 });
  });

  it('the holds of a proxy that went away expire after one lease; a live proxy keeps renewing its own', async () => {
    const gone = make({ holdLeaseMs: 400 });
    const live = make({ holdLeaseMs: 400 });
    await Promise.all([gone.waitReady(), live.waitReady()]);
    const token = { id: 5, max_amount: 1, amount_spent: 0 };
    await gone.reserve(token, 0.5, 'g1');
    await live.reserve(token, 0.3, 'l1');
    await gone.close();
    await sleep(1000);
    // g1 expired, l1 renewed: 0.7 left, and l1 still in flight (a bigger request is refused)
    await expect(live.reserve(token, 0.8, 'l2')).rejects.toMatchObject({ code: 'insufficient_balance' });
    await expect(live.reserve(token, 0.7, 'l3')).resolves.toMatchObject({ clipped: false });
  });
});

describe('RedisBudgetLedger during a Redis outage', () => {
  const closers: { close(): Promise<void> }[] = [];
  let relay: TcpProxy;
  let prefix: string;
  const viaRelay = () => {
    const u = new URL(testRedisUrl());
    u.hostname = '127.0.0.1';
    u.port = String(relay.port);
    return u.toString();
  };
  const make = (options: Partial<RedisBudgetLedgerOptions> = {}) => {
    const l = new RedisBudgetLedger({ redisUrl: viaRelay(), logger, keyPrefix: prefix, heartbeatMs: 100, ...options });
    closers.push(l);
    return l;
  };
  beforeEach(async () => {
    prefix = `t:${randomUUID()}:budget:`;
    const u = new URL(testRedisUrl());
    relay = await startTcpProxy(u.hostname, Number(u.port || 6379));
    closers.push(relay);
  });
  afterAll(async () => {
    for (const c of closers) await c.close();
  });

  it('spends at most remaining / live proxies, then hands its costs to Redis when it returns', async () => {
    const a = make();
    const b = make();
    await Promise.all([a.waitReady(), b.waitReady()]);
    await sleep(300); // both have counted two live proxies
    const token = { id: 1, max_amount: 1, amount_spent: 0 };
    await a.settle((await a.reserve(token, 0.2, 'r0'))!, 0.2);
    await relay.cut();
    // a saw 0.8 left and two proxies: its share is 0.4
    await a.settle((await a.reserve(token, 0.3, 'r1'))!, 0.3);
    const clipped = await a.reserve(token, 0.3, 'r2');
    expect(clipped).toMatchObject({ clipped: true, amount: 0.1 });
    await a.settle(clipped!, 0.1);
    await expect(a.reserve(token, 0.01, 'r3')).rejects.toMatchObject({ code: 'insufficient_balance', status: 402 });
    expect(a.remaining(token)).toBe(0);
    await relay.restore();
    await sleep(1500);
    // b counts a's outage costs (0.2 + 0.3 + 0.1 settled, not committed): 0.4 left
    await expect(b.reserve(token, 0.41, 'b1')).resolves.toMatchObject({ clipped: true, amount: 0.4 });
  });

  it('settles holds taken before the cut as soon as Redis returns', async () => {
    const a = make();
    const b = make();
    await Promise.all([a.waitReady(), b.waitReady()]);
    const token = { id: 2, max_amount: 1, amount_spent: 0 };
    const held = await a.reserve(token, 0.6, 'r1');
    await relay.cut();
    await a.settle(held!, 0.1);
    await relay.restore();
    await sleep(1500);
    // the 0.6 hold became a 0.1 cost: 0.9 left, nothing in flight
    await expect(b.reserve(token, 0.95, 'b1')).resolves.toMatchObject({ clipped: true, amount: 0.9 });
  });

  it('refuses budgeted tokens with 503 budget_unavailable when budget.on_redis_outage is refuse', async () => {
    const a = make({ onRedisOutage: 'refuse' });
    await a.waitReady();
    await relay.cut();
    await expect(a.reserve({ id: 3, max_amount: 1, amount_spent: 0 }, 0.1, 'r1')).rejects.toMatchObject({ code: 'budget_unavailable', status: 503 });
    expect(await a.reserve({ id: 4, max_amount: null, amount_spent: 0 }, 0.1, 'r2')).toBeUndefined();
  });
});
