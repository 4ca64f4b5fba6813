import { connect } from 'node:net';
import { createStore, type Store } from '@aigw/store';
import { type FakeUpstream, startFakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { Cluster, type Member } from './cluster';

jest.setTimeout(120_000);

/** Port clashes and SIGTERM of the distributed services, as processes on PostgreSQL and Redis. */
describe('distributed services lifecycle', () => {
  let fake: FakeUpstream;
  let cluster: Cluster;
  let store: Store;
  let admin: Member;

  const adminFetch = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${admin.url}/admin${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  /** SIGTERM; the exit code and how long it took. */
  async function terminate(member: Member): Promise<{ exitCode: number | null; ms: number }> {
    const started = Date.now();
    member.child.kill('SIGTERM');
    const timer = setTimeout(() => member.child.kill('SIGKILL'), 20_000);
    const exitCode = await member.exited;
    clearTimeout(timer);
    cluster.members.splice(cluster.members.indexOf(member), 1);
    return { exitCode, ms: Date.now() - started };
  }

  beforeAll(async () => {
    fake = await startFakeUpstream();
    cluster = new Cluster({ redisUrl: testRedisUrl() });
    admin = await cluster.start('admin');
    await cluster.start('log-writer');
    store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    const token = cluster.adminToken;
    await adminFetch(token, '/providers', { method: 'POST', body: { name: 'fake', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-life-dist-0001'] } });
    await adminFetch(token, '/providers/fake/models', { method: 'POST', body: { ids: ['gpt-4o-mini'] } });
    await adminFetch(token, '/prices', { method: 'PUT', body: { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1, completion_per_million: 1 } });
  });
  afterAll(async () => {
    await cluster?.stop();
    await store?.close();
    await fake?.close();
  });

  it('a second admin-api on a taken port exits 1 naming server.admin_port; the running one keeps its admin token', async () => {
    const token = cluster.adminToken;
    const failed = await cluster.start('admin', admin.port).then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(failed).toMatch(new RegExp(`exited with 1:\\s*aigw-admin failed to start: port ${admin.port} \\(server\\.admin_port\\) is in use`));
    expect(failed).not.toMatch(/\n\s+at /);
    cluster.adminToken = token;
    // Past the admin-api's hash cache: the running admin-api still accepts its token.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await adminFetch(token, '/tokens')).status).toBe(200);
  });

  it('a second proxy on a taken port exits 1 naming server.port', async () => {
    const proxy = await cluster.start('proxy');
    const failed = await cluster.start('proxy', proxy.port).then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(failed).toMatch(new RegExp(`exited with 1:\\s*aigw-proxy failed to start: port ${proxy.port} \\(server\\.port\\) is in use`));
    expect(failed).not.toMatch(/\n\s+at /);
    await terminate(proxy);
  });

  it('an idle proxy exits 0 quickly on SIGTERM, also with a connection that never sent a request', async () => {
    const proxy = await cluster.start('proxy');
    const silent = connect(proxy.port, '127.0.0.1');
    silent.on('error', () => undefined);
    await new Promise((r) => silent.once('connect', r));
    const { exitCode, ms } = await terminate(proxy);
    process.stdout.write(`idle proxy exited ${ms} ms after SIGTERM\n`);
    silent.destroy();
    expect(exitCode).toBe(0);
    expect(ms).toBeLessThan(3000);
  });

  it('a slow request in flight at SIGTERM gets its whole answer, and its row is written', async () => {
    const proxy = await cluster.start('proxy');
    const client = (await (await adminFetch(cluster.adminToken, '/tokens', { method: 'POST', body: { name: 'slow' } })).json()) as { key: string };
    // The proxy learns of the token through Redis; wait until it serves it.
    fake.setDefault({ kind: 'openai-json', body: completion(1, 1) });
    const chat = () =>
      fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'slow one' }] }),
      });
    for (let i = 0; i < 50 && (await chat()).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));

    fake.enqueue({ kind: 'openai-json', body: completion(7, 11), delayMs: 1500 });
    const answer = chat();
    for (let i = 0; i < 250 && fake.activeRequests === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fake.activeRequests).toBe(1);
    const stopped = terminate(proxy);
    const res = await answer;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { usage: { total_tokens: number } }).usage.total_tokens).toBe(18);
    expect((await stopped).exitCode).toBe(0);

    // The log-writer writes the row from the event the proxy queued before it exited.
    let rows: unknown[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      rows = (await store.requestLogs.list({ limit: 100 })).filter((r) => r.prompt_tokens === 7 && r.completion_tokens === 11);
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status_code: 200, request_type: 'chat' });
  });
});
