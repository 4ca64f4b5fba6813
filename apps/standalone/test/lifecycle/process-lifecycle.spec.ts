import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@aigw/store';
import { freePort, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion } from '../harness';
import { gatewayEnv, runGatewayToExit, startGatewayProcess, terminate, type GatewayProcess } from './gateway-process';

jest.setTimeout(60_000);

/** The standalone gateway as a process (apps/standalone/dist/main.js): start, port clash, SIGTERM. */
describe('standalone gateway process lifecycle', () => {
  let dir: string;
  let fake: FakeUpstream;
  const running: GatewayProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-lifecycle-'));
    fake = await startFakeUpstream();
  });
  afterEach(async () => {
    for (const g of running.splice(0)) await terminate(g, 2000);
    fake.reset();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(name: string, extra: NodeJS.ProcessEnv = {}): Promise<{ gateway: GatewayProcess; port: number; file: string }> {
    const port = await freePort();
    const file = join(dir, `${name}.db`);
    const gateway = await startGatewayProcess(gatewayEnv(port, file, extra));
    running.push(gateway);
    return { gateway, port, file };
  }

  const admin = (g: GatewayProcess, token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${g.url}/admin${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  it('a second start on a taken port exits 1 with one line naming server.port; the first keeps its admin token', async () => {
    const { gateway, port, file } = await start('clash');
    expect((await admin(gateway, gateway.adminToken, '/tokens')).status).toBe(200);

    const second = await runGatewayToExit(gatewayEnv(port, file));
    expect(second.exitCode).toBe(1);
    expect(second.stderr.trim()).toBe(`aigw failed to start: port ${port} (server.port) is in use; stop the other process or choose another port`);
    expect(second.stdout).not.toMatch(/admin-[A-Za-z0-9]{10}/);

    // Nothing the second start did locked the running gateway out.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await admin(gateway, gateway.adminToken, '/tokens')).status).toBe(200);
  });

  it('an idle gateway exits 0 quickly on SIGTERM, also with a silent connection and an idle keep-alive one open', async () => {
    const { gateway, port } = await start('idle');
    // A connection that never sends a request (a pre-connecting client or load balancer) and one
    // left idle after an answer: neither may hold the shutdown.
    const silent: Socket = connect(port, '127.0.0.1');
    silent.on('error', () => undefined);
    await new Promise((r) => silent.once('connect', r));
    const keptAlive: Socket = connect(port, '127.0.0.1');
    keptAlive.on('error', () => undefined);
    await new Promise((r) => keptAlive.once('connect', r));
    keptAlive.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
    await new Promise((r) => keptAlive.once('data', r));

    running.splice(running.indexOf(gateway), 1);
    const { exitCode, ms } = await terminate(gateway);
    process.stdout.write(`idle standalone exited ${ms} ms after SIGTERM\n`);
    silent.destroy();
    keptAlive.destroy();
    expect(exitCode).toBe(0);
    expect(ms).toBeLessThan(3000);
  });

  it('a slow request in flight at SIGTERM gets its whole answer and its request_logs row', async () => {
    const { gateway, file } = await start('inflight');
    const token = gateway.adminToken;
    expect((await admin(gateway, token, '/providers', { method: 'POST', body: { name: 'fake', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-life-0001'] } })).status).toBe(201);
    await admin(gateway, token, '/providers/fake/models', { method: 'POST', body: { ids: ['gpt-4o-mini'] } });
    await admin(gateway, token, '/prices', { method: 'PUT', body: { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1, completion_per_million: 1 } });
    const client = (await (await admin(gateway, token, '/tokens', { method: 'POST', body: { name: 'slow' } })).json()) as { key: string };
    fake.enqueue({ kind: 'openai-json', body: completion(7, 11), delayMs: 1500 });

    const answer = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'slow one' }] }),
    });
    for (let i = 0; i < 250 && fake.activeRequests === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fake.activeRequests).toBe(1);
    running.splice(running.indexOf(gateway), 1);
    const stopped = terminate(gateway);

    const res = await answer;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { usage: { total_tokens: number } }).usage.total_tokens).toBe(18);
    expect((await stopped).exitCode).toBe(0);

    const store = await createStore({ url: `sqlite://${file}`, secret: 'lifecycle-test-secret', timezone: 'Asia/Shanghai' });
    try {
      const rows = (await store.requestLogs.list({ limit: 50 })).filter((r) => r.request_type === 'chat');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status_code: 200, prompt_tokens: 7, completion_tokens: 11 });
    } finally {
      await store.close();
    }
  });

  it('with security.admin_token_sha256 set, that token works across restarts and none is minted or printed', async () => {
    const kept = 'admin-ops-automation-token-kept-across-restarts-0001';
    const sha = createHash('sha256').update(kept).digest('hex');
    const first = await start('configured', { AIGW_SECURITY_ADMIN_TOKEN_SHA256: sha });
    expect(first.gateway.adminToken).toBe('');
    expect(first.gateway.output.join('\n')).toContain('configured admin token');
    expect(first.gateway.output.join('\n')).not.toMatch(/admin-[A-Za-z0-9]{48}/);
    expect((await admin(first.gateway, kept, '/tokens')).status).toBe(200);
    expect((await admin(first.gateway, 'admin-wrong', '/tokens')).status).toBe(401);

    running.splice(running.indexOf(first.gateway), 1);
    await terminate(first.gateway);
    const again = await startGatewayProcess(gatewayEnv(first.port, first.file, { AIGW_SECURITY_ADMIN_TOKEN_SHA256: sha }));
    running.push(again);
    expect((await admin(again, kept, '/tokens')).status).toBe(200);
  });

  it('without it, every start mints a new admin token, prints it once, and the previous one stops working', async () => {
    const first = await start('minted');
    const old = first.gateway.adminToken;
    expect(old).toMatch(/^admin-[A-Za-z0-9]{48}$/);
    expect(first.gateway.output.filter((l) => l.includes(old))).toHaveLength(1);
    running.splice(running.indexOf(first.gateway), 1);
    await terminate(first.gateway);
    const again = await startGatewayProcess(gatewayEnv(first.port, first.file));
    running.push(again);
    expect(again.adminToken).not.toBe(old);
    expect((await admin(again, again.adminToken, '/tokens')).status).toBe(200);
    expect((await admin(again, old, '/tokens')).status).toBe(401);
  });
});
