import { createStore, type RequestLog, type Store } from '@aigw/store';
import { startFakeUpstream, type FakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';
import { ClusterClient, waitFor } from './cluster-client';

jest.setTimeout(120_000);

/** Issue 11: request ids are minted by each proxy; a client's id never merges or moves rows. */
describe('server-minted request ids across processes', () => {
  const perCall = (45 * 1000) / 1e6;
  let fake: FakeUpstream;
  let cluster: Cluster;
  let store: Store;
  let proxies: Member[];
  let admin: Member;

  const adminCall = (method: string, path: string, body?: unknown) => new ClusterClient(cluster, admin).adminCall(method, path, body);

  async function chat(proxy: Member, key: string, requestId?: string): Promise<Response> {
    const res = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: JSON.stringify({ model: 'fake/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }),
    });
    await res.arrayBuffer();
    return res;
  }

  /** A token made through admin-api, known to both proxies. */
  async function newToken(maxAmount: number | null): Promise<{ id: number; key: string }> {
    const t = await adminCall('POST', '/tokens', { name: `t${Date.now()}${Math.random()}`, max_amount: maxAmount });
    const token = { id: t.id as number, key: t.key as string };
    const models = (p: Member) => fetch(`${p.url}/v1/models`, { headers: { authorization: `Bearer ${token.key}` } }).then((r) => r.status);
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => models(p), (s) => s === 200, 5000)));
    return token;
  }

  /** The token's chat rows (the /v1/models probes that found the token leave rows too). */
  const rowsOf = async (tokenId: number): Promise<RequestLog[]> =>
    (await store.requestLogs.list({ token: tokenId, limit: 500 })).filter((r) => r.request_type === 'chat');

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    cluster = new Cluster({ redisUrl: testRedisUrl() });
    admin = await cluster.start('admin');
    proxies = [await cluster.start('proxy'), await cluster.start('proxy')];
    await cluster.start('log-writer');
    store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    await adminCall('POST', '/providers', { name: 'fake', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-dist-identity-0001'] });
    await adminCall('POST', '/providers/fake/models', { ids: ['gpt-4o-mini'] });
    await adminCall('PUT', '/prices', { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1000, completion_per_million: 1000 });
  });

  afterAll(async () => {
    await cluster?.stop();
    await store?.close();
    await fake?.close();
  });

  it('50 chats with one x-request-id under a budget for 10, through two proxies: 50 rows, the books agree, 402 once it is used', async () => {
    const budget = perCall * 10;
    const token = await newToken(budget);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await chat(proxies[i % 2]!, token.key, 'one-id-for-all')).status);
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    const served = statuses.filter((s) => s === 200).length;
    // A hold not yet settled on one proxy may refuse a call on the other a little early, never late.
    expect(served).toBeGreaterThanOrEqual(5);
    expect(served).toBeLessThanOrEqual(10);
    // An early refusal leaves budget for a later call, so only the tail is sure to be refused.
    expect(statuses.slice(40)).toEqual(Array(10).fill(402));

    const rows = await waitFor('50 rows', () => rowsOf(token.id), (r) => r.length >= 50);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(50);
    expect(rows.every((r) => r.client_request_id === 'one-id-for-all')).toBe(true);
    const logged = rows.reduce((sum, r) => sum + (r.amount_spent ?? 0), 0);
    expect(logged).toBeCloseTo(perCall * served, 9);
    const stored = (await store.tokens.get(token.id))!;
    expect(stored.amount_spent).toBeCloseTo(logged, 9);
    expect(stored.amount_spent).toBeLessThanOrEqual(budget + 1e-9);
  });

  it("reusing another token's request id logs to the caller's own token", async () => {
    const victim = await newToken(null);
    const caller = await newToken(null);
    const first = await chat(proxies[0]!, victim.key);
    const victimId = first.headers.get('x-request-id')!;
    const second = await chat(proxies[1]!, caller.key, victimId);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('x-request-id')).not.toBe(victimId);
    expect(second.headers.get('x-client-request-id')).toBe(victimId);

    const callerRows = await waitFor('caller row', () => rowsOf(caller.id), (r) => r.length >= 1);
    const victimRows = await rowsOf(victim.id);
    expect(victimRows.map((r) => r.request_id)).toEqual([victimId]);
    expect(callerRows).toHaveLength(1);
    expect(callerRows[0]).toMatchObject({ client_request_id: victimId, token_id: caller.id });
    expect((await store.tokens.get(caller.id))!.amount_spent).toBeCloseTo(perCall, 9);
    expect((await store.tokens.get(victim.id))!.amount_spent).toBeCloseTo(perCall, 9);
  });
});
