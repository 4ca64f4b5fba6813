import { createStore, keyHint, type Store } from '@aigw/store';
import { startFakeUpstream, type FakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';
import { ClusterClient, sleep, waitFor } from './cluster-client';

jest.setTimeout(120_000);

interface Deployment {
  cluster: Cluster;
  store: Store;
  proxy: Member;
  client: ClusterClient;
}

/** Issue 11: Redis keys, channels and queues are namespaced per deployment (its deployment_id). */
describe('two deployments on one Redis database', () => {
  const perCall = 45 * 1000 / 1e6;
  let fake: FakeUpstream;
  const deployments: Deployment[] = [];

  async function deploy(): Promise<Deployment> {
    const cluster = new Cluster({ redisUrl: testRedisUrl() });
    const admin = await cluster.start('admin');
    const proxy = await cluster.start('proxy');
    await cluster.start('log-writer');
    const store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    const client = new ClusterClient(cluster, admin);
    await client.setUp(fake.url);
    const d = { cluster, store, proxy, client };
    deployments.push(d);
    return d;
  }

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
  });

  afterAll(async () => {
    for (const d of deployments) {
      await d.cluster.stop();
      await d.store.close();
    }
    await fake?.close();
  });

  it('tokens with the same id keep their own budgets and rows; a new database inherits no holds', async () => {
    const a = await deploy();
    const b = await deploy();
    expect(await a.store.settings.get('deployment_id')).not.toBe(await b.store.settings.get('deployment_id'));
    const ta = await a.client.newToken(perCall * 2);
    const tb = await b.client.newToken(perCall * 2);
    expect([ta.id, tb.id]).toEqual([1, 1]);
    await waitFor('token on proxy a', () => a.client.chat(a.proxy, ta.key), (s) => s === 200, 2000);
    await waitFor('a used up', () => a.client.chat(a.proxy, ta.key), (s) => s === 402);
    // b's token 1 has its whole budget: a's holds and costs are not b's
    await waitFor('token on proxy b', () => b.client.chat(b.proxy, tb.key), (s) => s !== 401, 2000);
    expect(await b.client.chat(b.proxy, tb.key)).toBe(200);
    // Calls made before a proxy knew the token (401) are left out.
    const known = async (d: Deployment) => (await d.store.requestLogs.list({ limit: 50 })).filter((r) => r.status_code !== 401);
    await waitFor('rows of b', () => known(b), (r) => r.length >= 2);
    await sleep(500);
    const rowsA = await known(a);
    const rowsB = await known(b);
    expect(rowsA.every((r) => r.token_id === ta.id && r.token_hint === keyHint(ta.key))).toBe(true);
    expect(rowsB.every((r) => r.token_id === tb.id && r.token_hint === keyHint(tb.key))).toBe(true);
    expect(rowsB).toHaveLength(2);
  });
});
