import OpenAI from 'openai';
import { createStore, type Store } from '@aigw/store';
import { startFakeUpstream, type FakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';
import { ClusterClient, sleep, waitFor } from './cluster-client';

jest.setTimeout(150_000);

interface Outcome {
  status: number;
  retryAfter: number | null;
  retryAfterMs: number | null;
  receivedAt: number;
}

/** Issue 13: a per-token rate limit is exact across proxies (one atomic Redis script per check). */
describe('per-token rate limits across two proxies (processes on PostgreSQL and Redis)', () => {
  let fake: FakeUpstream;
  let cluster: Cluster;
  let store: Store;
  let proxies: Member[];
  let c: ClusterClient;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40), delayMs: 20 });
    cluster = new Cluster({ redisUrl: testRedisUrl() });
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
    await fake?.close();
  });

  async function call(proxy: Member, key: string): Promise<Outcome> {
    const client = new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0, timeout: 20_000 });
    try {
      await client.chat.completions.create({ model: 'fake/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });
      return { status: 200, retryAfter: null, retryAfterMs: null, receivedAt: Date.now() };
    } catch (err) {
      const e = err as InstanceType<typeof OpenAI.APIError> & { headers?: Headers };
      const header = (name: string) => (e.headers?.get(name) == null ? null : Number(e.headers.get(name)));
      if (e instanceof OpenAI.RateLimitError) expect(e.code).toBe('rate_limited');
      return { status: e.status ?? 0, retryAfter: header('retry-after'), retryAfterMs: header('retry-after-ms'), receivedAt: Date.now() };
    }
  }

  it('100 concurrent requests over 2 proxies at 30 rpm: 30 served, 70 refused with a retry-after correct to the second', async () => {
    const token = await c.adminCall('POST', '/tokens', { name: 'rpm30', rpm_limit: 30 });
    expect(token).toMatchObject({ rpm_limit: 30, tpm_limit: null, concurrency_limit: null });
    const key = token.key as string;
    // Known to both proxies once a model outside the catalog is refused for the model (403) rather than
    // for an unknown token (401): refused before the rate-limit stage, so nothing is counted.
    const probe = async (p: Member) => {
      const res = await fetch(`${p.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake/none', messages: [{ role: 'user', content: 'x' }] }),
      });
      return res.status;
    };
    await Promise.all(proxies.map((p) => waitFor('token on proxy', () => probe(p), (s) => s === 403, 5000)));

    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => call(proxies[i % 2]!, key)));
    const burst = Date.now() - started;
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(30);
    const refused = outcomes.filter((o) => o.status !== 200);
    expect(refused).toHaveLength(70);
    for (const o of refused) {
      expect(o.status).toBe(429);
      // The oldest served request entered the window at or after `started`: it leaves it 60 s later.
      const exact = started + 60_000 - o.receivedAt;
      expect(o.retryAfterMs!).toBeGreaterThanOrEqual(exact - 50);
      expect(o.retryAfterMs!).toBeLessThanOrEqual(exact + burst + 50);
      expect(o.retryAfter).toBe(Math.max(1, Math.ceil(o.retryAfterMs! / 1000)));
    }
    // The probes' 403 rows are there too: wait for the burst's own 100 rows.
    const burstRows = (r: { status_code: number }[]) => r.filter((x) => x.status_code !== 403).length;
    const rows = await waitFor('rows of the burst', () => store.requestLogs.list({ token: token.id as number, limit: 200 }), (r) => burstRows(r) >= 100, 30_000);
    expect(rows.filter((r) => r.status_code === 429)).toHaveLength(70);
    expect(rows.filter((r) => r.status_code === 200)).toHaveLength(30);

    // The wait it said, kept: refused a second before it ends, served right after it (on the other proxy).
    const last = refused.reduce((a, b) => (a.receivedAt + a.retryAfterMs! > b.receivedAt + b.retryAfterMs! ? a : b));
    const first = refused.reduce((a, b) => (a.receivedAt + a.retryAfterMs! < b.receivedAt + b.retryAfterMs! ? a : b));
    const opensAt = first.receivedAt + first.retryAfterMs!;
    expect(last.receivedAt + last.retryAfterMs! - opensAt).toBeLessThan(burst + 100);
    await sleep(opensAt - 1000 - Date.now());
    expect((await call(proxies[0]!, key)).status).toBe(429);
    await sleep(last.receivedAt + last.retryAfterMs! + 100 - Date.now());
    expect((await call(proxies[1]!, key)).status).toBe(200);
  });
});
