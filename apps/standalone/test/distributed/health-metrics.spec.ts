import OpenAI from 'openai';
import { type FakeUpstream, startFakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { parsePrometheus, sumOf } from '../prometheus-text';
import { Cluster, type Member } from './cluster';

jest.setTimeout(120_000);

const METRICS_TOKEN = 'dist-metrics-token';

/** Issue 13: /healthz, /readyz and /metrics on every distributed service, with one meaning. */
describe('health and metrics of the distributed services', () => {
  let fake: FakeUpstream;
  let cluster: Cluster;
  const members: Record<'admin' | 'proxy' | 'log-writer', Member> = {} as never;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(11, 13) });
    cluster = new Cluster({ redisUrl: testRedisUrl(), env: { AIGW_METRICS_TOKEN: METRICS_TOKEN } });
    members.admin = await cluster.start('admin');
    members['log-writer'] = await cluster.start('log-writer');
    members.proxy = await cluster.start('proxy');
    const admin = (path: string, method: string, body: unknown) =>
      fetch(`${members.admin.url}/admin${path}`, { method, headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await admin('/providers', 'POST', { name: 'fake', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-health-dist-0001'] });
    await admin('/providers/fake/models', 'POST', { ids: ['gpt-4o-mini'] });
    await admin('/prices', 'PUT', { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1, completion_per_million: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
  });

  it.each(['admin', 'proxy', 'log-writer'] as const)('%s answers /healthz and /readyz', async (role) => {
    const health = await fetch(`${members[role].url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${members[role].url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it.each(['admin', 'proxy', 'log-writer'] as const)('%s serves /metrics only with metrics.token', async (role) => {
    expect((await fetch(`${members[role].url}/metrics`)).status).toBe(401);
    expect((await fetch(`${members[role].url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(`${members[role].url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const samples = parsePrometheus(await res.text());
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds' && s.labels.service === `aigw-${role === 'admin' ? 'admin' : role}`)).toBe(true);
  });

  it('the proxy counts a chat; the log-writer shows its queue', async () => {
    const key = await fetch(`${members.admin.url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'metrics' }),
    }).then(async (r) => ((await r.json()) as { key: string }).key);
    const client = new OpenAI({ apiKey: key, baseURL: `${members.proxy.url}/v1`, maxRetries: 0 });
    // The proxy learns of the new token through the change bus; retry until it does.
    let served = false;
    for (let i = 0; i < 50 && !served; i++) {
      served = await client.chat.completions.create({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).then(
        () => true,
        async () => {
          await new Promise((r) => setTimeout(r, 100));
          return false;
        },
      );
    }
    expect(served).toBe(true);
    const scrape = async (m: Member) => parsePrometheus(await (await fetch(`${m.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text());
    const proxy = await scrape(members.proxy);
    expect(sumOf(proxy, 'aigw_requests_total', { route: 'chat', status: '200', provider: 'fake' })).toBe(1);
    expect(sumOf(proxy, 'aigw_tokens_total', { type: 'prompt', provider: 'fake' })).toBe(11);
    expect(sumOf(proxy, 'aigw_tokens_total', { type: 'completion', provider: 'fake' })).toBe(13);
    const writer = await scrape(members['log-writer']);
    expect(writer.filter((s) => s.name === 'aigw_queue_jobs').map((s) => s.labels.state).sort()).toEqual(['active', 'delayed', 'failed', 'prioritized', 'waiting']);
    expect(writer.some((s) => s.name === 'aigw_queue_lag_seconds')).toBe(true);
  });
});
