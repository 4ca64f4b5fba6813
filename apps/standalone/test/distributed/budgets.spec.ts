import { createStore, type Store } from '@aigw/store';
import { startFakeUpstream, startTcpProxy, type FakeUpstream, type TcpProxy, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';
import { ClusterClient, sleep, throughRelay, waitFor } from './cluster-client';

jest.setTimeout(120_000);

/** Issue 11: budgets hold across proxies, through top-ups, resets and a Redis outage. */
describe('budgets across two proxies (processes on PostgreSQL and Redis)', () => {
  const perCall = 45 * 1000 / 1e6;
  let fake: FakeUpstream;
  let relay: TcpProxy;
  let cluster: Cluster;
  let store: Store;
  let proxies: Member[];
  let c: ClusterClient;

  beforeAll(async () => {
    const base = new URL(testRedisUrl());
    relay = await startTcpProxy(base.hostname, Number(base.port || 6379));
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40), delayMs: 20 });
    cluster = new Cluster({ redisUrl: throughRelay(base, relay.port) });
    const admin = await cluster.start('admin');
    proxies = [await cluster.start('proxy'), await cluster.start('proxy')];
    await cluster.start('log-writer');
    store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    c = new ClusterClient(cluster, admin);
    await c.setUp(fake.url);
  });

  afterAll(async () => {
    await cluster?.stop();
    await store?.close();
    await relay?.close();
    await fake?.close();
  });

  /** Spends the token's budget of two calls, then sees both proxies answer 402. */
  async function exhausted(): Promise<{ id: number; key: string }> {
    const token = await c.newToken(perCall * 2);
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => c.chat(p, token.key), (s) => s === 200, 2000)));
    await waitFor('402 on both proxies', () => Promise.all(proxies.map((p) => c.chat(p, token.key))), (s) => s.every((x) => x === 402));
    await waitFor('exhausted in the database', () => store.tokens.get(token.id), (t) => t!.disabled_reason === 'exhausted');
    return token;
  }

  it('a top-up of an exhausted token reaches both proxies within 1 s', async () => {
    const token = await exhausted();
    await c.adminCall('PATCH', `/tokens/${token.id}`, { max_amount: perCall * 10 });
    const statuses = await Promise.all(proxies.map((p) => waitFor('served after the top-up', () => c.chat(p, token.key), (s) => s === 200, 1000)));
    expect(statuses).toEqual([200, 200]);
  });

  it('a reset of its spending reaches both proxies within 1 s', async () => {
    const token = await exhausted();
    await c.adminCall('POST', `/tokens/${token.id}/reset-spending`);
    const statuses = await Promise.all(proxies.map((p) => waitFor('served after the reset', () => c.chat(p, token.key), (s) => s === 200, 1000)));
    expect(statuses).toEqual([200, 200]);
    const logs = await store.adminLogs.list({ limit: 5 });
    expect(logs.find((l) => l.operation === 'token.reset_spending')).toMatchObject({ target: String(token.id), status_code: 200 });
  });

  it('while Redis is away each proxy spends at most its share, so the two together stay within the budget', async () => {
    const budget = perCall * 20;
    const token = await c.newToken(budget);
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => c.chat(p, token.key), (s) => s === 200, 2000)));
    await waitFor('rows before the cut', () => store.requestLogs.list({ token: token.id, limit: 50 }), (r) => r.length >= 2);
    // Both proxies have heard each other's heartbeat (every 3 s) by now.
    await sleep(3500);
    await relay.cut();
    const during: number[] = [];
    for (let i = 0; i < 50; i++) during.push(await c.chat(proxies[i % 2]!, token.key));
    expect(during.every((s) => s === 200 || s === 402)).toBe(true);
    expect(during.filter((s) => s === 200).length).toBeGreaterThan(0);
    await relay.restore();
    const rows = await waitFor('rows after the outage', () => store.requestLogs.list({ token: token.id, limit: 100 }), (r) => r.length >= 52, 60_000);
    const logged = rows.reduce((s, r) => s + (r.amount_spent ?? 0), 0);
    const stored = await waitFor('debits', () => store.tokens.get(token.id), (t) => Math.abs(t!.amount_spent - logged) < 1e-9);
    expect(stored!.amount_spent).toBeLessThanOrEqual(budget + 1e-9);
  });
});
