import OpenAI from 'openai';
import { createStore, keyHint, type Store } from '@aigw/store';
import { startFakeUpstream, startTcpProxy, type FakeUpstream, type TcpProxy, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';
import { ClusterClient, sleep, throughRelay, waitFor } from './cluster-client';

jest.setTimeout(120_000);

/** Issue 5: two proxies, one admin-api and two log-writers as processes on PostgreSQL and Redis. */
describe('distributed mode as separate processes', () => {
  const perCall = 45 * 1000 / 1e6;
  let fake: FakeUpstream;
  let relay: TcpProxy;
  let cluster: Cluster;
  let store: Store;
  let proxies: Member[];
  let admin: Member;

  const adminCall = (method: string, path: string, body?: unknown) => new ClusterClient(cluster, admin).adminCall(method, path, body);

  const client = (proxy: Member, key: string) => new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0 });

  /** Statuses of every chat call per token: each call the token was known for leaves one row. */
  const calls = new Map<string, number[]>();
  const rowsExpected = (key: string) => (calls.get(key) ?? []).filter((s) => s !== 401).length;

  async function chat(proxy: Member, key: string, model = 'fake/gpt-4o-mini'): Promise<number> {
    let status: number;
    try {
      await client(proxy, key).chat.completions.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });
      status = 200;
    } catch (err) {
      status = (err as { status?: number }).status ?? 0;
    }
    calls.set(key, [...(calls.get(key) ?? []), status]);
    return status;
  }

  async function rowsOf(key: string): Promise<{ request_id: string; amount_spent: number | null }[]> {
    const token = await store.tokens.getByKey(key);
    const rows = token ? await store.requestLogs.list({ token: token.id, limit: 500 }) : [];
    return rows.filter((r) => r.request_type === 'chat').map((r) => ({ request_id: r.request_id, amount_spent: r.amount_spent }));
  }

  async function newToken(maxAmount: number | null): Promise<{ id: number; key: string }> {
    const t = await adminCall('POST', '/tokens', { name: `t${Date.now()}${Math.random()}`, max_amount: maxAmount });
    return { id: t.id as number, key: t.key as string };
  }

  beforeAll(async () => {
    // Nothing to flush: the fresh schema mints a new deployment id, which namespaces every key.
    const base = new URL(testRedisUrl());
    relay = await startTcpProxy(base.hostname, Number(base.port || 6379));
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40), delayMs: 20 });
    cluster = new Cluster({ redisUrl: throughRelay(base, relay.port) });
    admin = await cluster.start('admin');
    proxies = [await cluster.start('proxy'), await cluster.start('proxy')];
    await cluster.start('log-writer');
    await cluster.start('log-writer');
    store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    await adminCall('POST', '/providers', { name: 'fake', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-dist-key-00001'] });
    await adminCall('POST', '/providers/fake/models', { ids: ['gpt-4o-mini', 'gpt-4o'] });
    await adminCall('PUT', '/prices', { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1000, completion_per_million: 1000 });
  });

  afterAll(async () => {
    await cluster?.stop();
    await store?.close();
    await relay?.close();
    await fake?.close();
  });

  it('serves chat through both proxies, sees an admin change on both within 1 s, one row per request', async () => {
    const token = await newToken(null);
    // the token was created on admin-api; both proxies learn of it through Redis pub/sub
    const seen = await Promise.all(proxies.map((p) => waitFor('token on proxy', () => chat(p, token.key), (s) => s === 200, 1000)));
    expect(seen).toEqual([200, 200]);
    for (let i = 0; i < 10; i++) expect(await chat(proxies[i % 2]!, token.key)).toBe(200);

    await adminCall('PUT', '/aliases/quick', { target: 'fake/gpt-4o-mini' });
    const changedAt = Date.now();
    await Promise.all(proxies.map((p) => waitFor('alias on proxy', () => chat(p, token.key, 'quick'), (s) => s === 200, 1000)));
    expect(Date.now() - changedAt).toBeLessThan(1000);

    const expected = rowsExpected(token.key);
    expect(expected).toBeGreaterThanOrEqual(14);
    const rows = await waitFor('rows', () => rowsOf(token.key), (r) => r.length >= expected);
    await sleep(500);
    expect(await rowsOf(token.key)).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(rows.length);
  });

  it('issue 11: an echoed upstream key is scrubbed and absurd usage is distrusted, in the row the log-writer writes', async () => {
    const leakyKey = 'sk-dist-leaky-key-0123456789abcdef';
    await adminCall('POST', '/providers', { name: 'leaky', api_type: 'openai', base_url: `${fake.url}/v1`, keys: [leakyKey] });
    await adminCall('POST', '/providers/leaky/models', { ids: ['gpt-4o-mini'] });
    await adminCall('PUT', '/prices', { provider: 'leaky', model: 'gpt-4o-mini', prompt_per_million: 1, completion_per_million: 1 });
    const token = await newToken(1);
    await Promise.all(proxies.map((p) => waitFor('token and provider on proxy', () => chat(p, token.key, 'leaky/gpt-4o-mini'), (s) => s === 200, 2000)));
    fake.failKey(leakyKey, { kind: 'echo-key', status: 401 });
    expect(await chat(proxies[0]!, token.key, 'leaky/gpt-4o-mini')).toBe(401);
    // The 401 marked the key invalid (issue 13); the operator re-enables it.
    const [leaky] = ((await adminCall('GET', '/providers/leaky/keys')) as unknown as { data: { id: number; state: string }[] }).data;
    expect(leaky!.state).toBe('invalid');
    await adminCall('POST', `/providers/leaky/keys/${leaky!.id}/enable`);
    fake.failKey(leakyKey, { kind: 'openai-json', body: completion(5e9, 5e9) });
    await waitFor('key enabled on proxy', () => chat(proxies[1]!, token.key, 'leaky/gpt-4o-mini'), (s) => s === 200, 2000);
    expect(await chat(proxies[1]!, token.key, 'leaky/gpt-4o-mini')).toBe(200);
    fake.unfailKey(leakyKey);

    const rows = await waitFor('rows', () => store.requestLogs.list({ provider: 'leaky', limit: 50 }), (r) => r.some((x) => x.status_code === 401) && r.some((x) => x.usage_source === 'estimated'));
    const refused = rows.find((r) => r.status_code === 401)!;
    expect(refused.upstream_error).toContain(keyHint(leakyKey));
    expect(refused.error_message).toContain(keyHint(leakyKey));
    const distrusted = rows.find((r) => r.usage_source === 'estimated')!;
    expect(distrusted.prompt_tokens).toBeLessThan(100);
    expect(JSON.stringify(rows)).not.toContain(leakyKey);
    const stored = await waitFor('debit', () => store.tokens.get(token.id), (t) => t!.amount_spent > 0);
    expect(stored!.amount_spent).toBeLessThan(0.001);
    const output = cluster.members.flatMap((m) => m.output).join('\n');
    expect(output).toContain(keyHint(leakyKey));
    expect(output).toContain('distrusted');
    expect(output).not.toContain(leakyKey);
  });

  it('holds a budget across both proxies under 100 concurrent requests', async () => {
    const budget = perCall * 30;
    const token = await newToken(budget);
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => client(p, token.key).models.list().then(() => 200, (e: { status: number }) => e.status), (s) => s === 200, 2000)));
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => chat(proxies[i % 2]!, token.key)));
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(30);

    // Right after the burst, before the log-writers caught up, a single request sees the true
    // remaining amount: anything left means it is served (alone, it may use the rest).
    const spentSoFar = served * perCall;
    const single = await chat(proxies[0]!, token.key);
    expect(single).toBe(budget - spentSoFar > 1e-9 ? 200 : 402);

    const total = rowsExpected(token.key);
    expect(total).toBe(101);
    const rows = await waitFor('rows', () => rowsOf(token.key), (r) => r.length >= total);
    expect(rows).toHaveLength(total);
    const logged = rows.reduce((s, r) => s + (r.amount_spent ?? 0), 0);
    const stored = await waitFor('debits', () => store.tokens.get(token.id), (t) => Math.abs(t!.amount_spent - logged) < 1e-9);
    expect(stored!.amount_spent).toBeCloseTo(logged, 9);
    expect(stored!.amount_spent).toBeLessThanOrEqual(budget + 1e-9);
  });

  it('loses and double-counts nothing when a log-writer is killed while events flow', async () => {
    const token = await newToken(null);
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => chat(p, token.key), (s) => s === 200, 2000)));
    const writers = cluster.members.filter((m) => m.role === 'log-writer');
    const sending = (async () => {
      for (let i = 0; i < 60; i++) await chat(proxies[i % 2]!, token.key);
    })();
    await sleep(150);
    await cluster.kill(writers[0]!);
    await sending;
    await cluster.start('log-writer');
    const expected = rowsExpected(token.key);
    const served = (calls.get(token.key) ?? []).filter((s) => s === 200).length;
    // A job the killed writer held is handed on when its lock (30 s) has expired and the next stalled
    // check (every 30 s) runs: up to about a minute.
    const rows = await waitFor('rows after restart', () => rowsOf(token.key), (r) => r.length >= expected, 90_000);
    await sleep(500);
    expect(await rowsOf(token.key)).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(expected);
    const logged = rows.reduce((s, r) => s + (r.amount_spent ?? 0), 0);
    const stored = await waitFor('debits', () => store.tokens.get(token.id), (t) => Math.abs(t!.amount_spent - logged) < 1e-9);
    expect(stored!.amount_spent).toBeCloseTo(served * perCall, 9);
  });

  it('keeps serving while Redis is away and delivers the held events when it returns', async () => {
    const token = await newToken(null);
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => chat(p, token.key), (s) => s === 200, 2000)));
    const before = rowsExpected(token.key);
    await waitFor('rows before outage', () => rowsOf(token.key), (r) => r.length >= before);
    await relay.cut();
    const during: number[] = [];
    for (let i = 0; i < 10; i++) during.push(await chat(proxies[i % 2]!, token.key));
    expect(during.every((s) => s === 200)).toBe(true);
    await sleep(2000);
    expect(await rowsOf(token.key)).toHaveLength(before);
    await relay.restore();
    const rows = await waitFor('held events', () => rowsOf(token.key), (r) => r.length >= before + 10, 30_000);
    expect(rows).toHaveLength(before + 10);
  });
});
