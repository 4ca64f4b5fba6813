import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFakeUpstream } from '@aigw/test-support';
import { gatewayEnv, startGatewayProcess, terminate } from './gateway-process';

/*
 * The built gateway carries only what it serves: the MCP SDK (client and server side) is required
 * at the first /mcp request or upstream connection, pg only on PostgreSQL, and undici's index (fetch,
 * WebSocket, cache stores, mock agents) not at all while it only relays: the data plane loads
 * undici's Agent alone (libs/adapters/src/http/undici-core.ts). A preload script
 * writes the process's loaded modules when it exits.
 */

const PRELOAD = `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_REPORT, Object.keys(require.cache).join('\\n')));\n`;

describe('modules the standalone gateway loads', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-lazy-'));
    writeFileSync(join(dir, 'preload.js'), PRELOAD);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function loadedAfter(work: (url: string, adminToken: string) => Promise<void>, extraEnv: NodeJS.ProcessEnv = {}): Promise<string[]> {
    const report = join(dir, 'loaded.txt');
    const env = gatewayEnv(await freePort(), join(dir, 'aigw.db'), { NODE_OPTIONS: `--require ${join(dir, 'preload.js')}`, LOADED_REPORT: report, ...extraEnv });
    const gateway = await startGatewayProcess(env);
    try {
      await work(gateway.url, gateway.adminToken);
    } finally {
      await terminate(gateway);
    }
    return readFileSync(report, 'utf8').split('\n');
  }

  const sdk = (mods: string[]) => mods.filter((m) => m.includes('@modelcontextprotocol'));

  it('serves /v1 and /admin without the MCP SDK or pg', async () => {
    const mods = await loadedAfter(async (url, admin) => {
      const headers = { authorization: `Bearer ${admin}` };
      expect((await fetch(`${url}/v1/models`, { headers })).status).toBe(200);
      expect((await fetch(`${url}/admin/mcp-servers`, { headers })).status).toBe(200);
    });
    expect(mods.some((m) => m.includes('apps/proxy/dist/app.js'))).toBe(true);
    expect(sdk(mods)).toEqual([]);
    expect(mods.filter((m) => /node_modules\/pg\//.test(m))).toEqual([]);
  });

  it('relays chat, streamed and not, and lists upstream models through undici without loading its index', async () => {
    const fake = await startFakeUpstream();
    const config = join(dir, 'aigw.toml');
    writeFileSync(config, `[[providers]]\nname = "fake"\napi_type = "openai"\nbase_url = "${fake.url}/v1"\nkeys = ["sk-lazy-0001"]\nmodels = [{ id = "gpt-4o-mini", prompt = 1, completion = 2 }]\n`);
    try {
      const mods = await loadedAfter(
        async (url, admin) => {
          const chat = (stream: boolean) =>
            fetch(`${url}/v1/chat/completions`, {
              method: 'POST',
              headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
              body: JSON.stringify({ model: 'fake/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hi' }] }),
            });
          const plain = await chat(false);
          expect(plain.status).toBe(200);
          expect(await plain.json()).toMatchObject({ object: 'chat.completion' });
          const streamed = await chat(true);
          expect(streamed.status).toBe(200);
          expect(await streamed.text()).toContain('data: [DONE]');
          const listed = await fetch(`${url}/admin/providers/fake/upstream-models`, { headers: { authorization: `Bearer ${admin}` } });
          expect(listed.status).toBe(200);
          expect(await listed.json()).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ id: 'gpt-4o-mini' })]) });
        },
        { AIGW_CONFIG: config },
      );
      expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);
      expect(fake.requests.filter((r) => r.path.endsWith('/models'))).toHaveLength(1);
      expect(mods.filter((m) => m.includes('node_modules/undici/lib/dispatcher/agent.js'))).toHaveLength(1);
      expect(mods.filter((m) => m.endsWith('node_modules/undici/index.js'))).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('loads the MCP SDK at the first /mcp request, which it then serves', async () => {
    const mods = await loadedAfter(async (url, admin) => {
      const res = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18' } });
    });
    expect(sdk(mods).length).toBeGreaterThan(0);
  });
});
