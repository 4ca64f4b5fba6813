import { startFakeUpstream, type FakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';
import { ClusterClient, sleep, waitFor } from './cluster-client';
import { parsePrometheus, sumOf } from '../prometheus-text';

jest.setTimeout(120_000);

interface KeyView {
  id: number;
  state: string;
  reason: string | null;
  breaker: string;
  successes: number;
  failures: number;
}

/** Issue 13, Key health across two proxy processes: one proxy's discovery protects the other. */
describe('key health shared by two proxies (Redis)', () => {
  const METRICS_TOKEN = 'dist-key-metrics-token';
  const KEYS = ['sk-dist-health-aaaa-0001', 'sk-dist-health-bbbb-0002'];
  let fake: FakeUpstream;
  let cluster: Cluster;
  let client: ClusterClient;
  let proxies: Member[];
  let token = '';
  let provider = 0;
  let name = '';

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 10) });
    cluster = new Cluster({ redisUrl: testRedisUrl(), env: { AIGW_ROUTING_BREAKER_FAILURES: '2', AIGW_ROUTING_BREAKER_OPEN_SECONDS: '2', AIGW_METRICS_TOKEN: METRICS_TOKEN } });
    const admin = await cluster.start('admin');
    proxies = [await cluster.start('proxy'), await cluster.start('proxy')];
    await cluster.start('log-writer');
    client = new ClusterClient(cluster, admin);
    token = (await client.newToken(null)).key;
  });
  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
  });

  beforeEach(async () => {
    fake.reset();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 10) });
    name = `dh${++provider}`;
    await client.adminCall('POST', '/providers', { name, api_type: 'openai', base_url: `${fake.url}/v1`, key_strategy: 'first', keys: KEYS });
    await client.adminCall('POST', `/providers/${name}/models`, { ids: ['gpt-4o-mini'] });
    await client.adminCall('PUT', '/prices', { provider: name, model: 'gpt-4o-mini', prompt_per_million: 1, completion_per_million: 1 });
    await Promise.all(proxies.map((p) => waitFor('provider on proxy', () => chat(p), (s) => s === 200, 5000)));
    fake.reset();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 10) });
  });

  async function chat(proxy: Member): Promise<number> {
    const res = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${name}/gpt-4o-mini`, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.arrayBuffer();
    return res.status;
  }
  const chats = async (proxy: Member, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await chat(proxy));
    return out;
  };
  const keys = async () => ((await client.adminCall('GET', `/providers/${name}/keys`)) as unknown as { data: KeyView[] }).data;

  it('a key one proxy found invalid (401) is never tried by the other', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 401, body: '{"error":{"message":"invalid api key"}}' });
    // The revoked key's own request fails over to the other key.
    expect(await chat(proxies[0]!)).toBe(200);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    expect(await chats(proxies[1]!, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await chats(proxies[0]!, 2)).toEqual([200, 200]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    const [bad, good] = await keys();
    expect(bad).toMatchObject({ state: 'invalid', reason: 'unauthorized', failures: 1 });
    // The admin-api reads the counts both proxies wrote to Redis.
    expect(good).toMatchObject({ state: 'active', successes: 9 });
    // Each proxy's /metrics shows the shared states, the other proxy's discovery included.
    for (const proxy of proxies) {
      const samples = parsePrometheus(await (await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text());
      expect(['active', 'invalid'].map((state) => sumOf(samples, 'aigw_upstream_keys', { provider: name, state }))).toEqual([1, 1]);
    }
  });

  it('counts every answer in Redis before it leaves (concurrent answers on both proxies, counts read right after)', async () => {
    const [before] = await keys();
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => chat(proxies[i % 2]!)));
    expect(statuses).toEqual(Array.from({ length: 40 }, () => 200));
    const [after] = await keys();
    expect(after).toMatchObject({ state: 'active', successes: before!.successes + 40, failures: before!.failures });
  });

  it('a key one proxy cooled (429, retry-after: 2) is skipped by the other until it cools down', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 429, body: '{"error":{"message":"slow down"}}', headers: { 'retry-after': '2' } });
    expect(await chat(proxies[0]!)).toBe(200);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    fake.unfailKey(KEYS[0]!);
    expect((await keys())[0]).toMatchObject({ state: 'cooling', reason: 'rate_limited' });
    expect(await chats(proxies[1]!, 4)).toEqual([200, 200, 200, 200]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    await sleep(2100);
    await chats(proxies[1]!, 4);
    expect(fake.callsWithKey(KEYS[0]!)).toBeGreaterThan(1);
  });

  it('a breaker one proxy opened (5xx) keeps the other off the key, and half-opens after T', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 502, body: '{"error":{"message":"bad gateway"}}' });
    await chats(proxies[0]!, 4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(2);
    expect((await keys())[0]).toMatchObject({ state: 'cooling', reason: 'circuit_open', breaker: 'open' });
    expect(await chats(proxies[1]!, 4)).toEqual([200, 200, 200, 200]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(2);
    fake.unfailKey(KEYS[0]!);
    await sleep(2100);
    expect((await keys())[0]!.breaker).toBe('half_open');
    await chats(proxies[1]!, 4);
    expect(fake.callsWithKey(KEYS[0]!)).toBeGreaterThan(2);
    expect((await keys())[0]).toMatchObject({ state: 'active', breaker: 'closed' });
  });
});
