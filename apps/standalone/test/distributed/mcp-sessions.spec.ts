import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createStore, generateTokenKey, type Store } from '@aigw/store';
import { startTestMcpServer, type TestMcpHttpServer, testRedisUrl } from '@aigw/test-support';
import { Cluster, type Member } from './cluster';
import { waitFor } from './cluster-client';

jest.setTimeout(120_000);

/**
 * Issue 15 across processes: an MCP client session opened on one proxy is served by any proxy
 * (the session record is in Redis, the upstream sessions are each proxy's own), and every MCP
 * request is one request_logs row whichever proxy served it.
 */
describe('MCP sessions across two proxies', () => {
  let up: TestMcpHttpServer;
  let cluster: Cluster;
  let proxies: Member[];
  let store: Store;
  let key: string;
  let tokenId: number;

  const headers = (session?: string): Record<string, string> => ({
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(session ? { 'mcp-session-id': session } : {}),
  });
  const post = (proxy: Member, body: unknown, session?: string) => fetch(`${proxy.url}/mcp`, { method: 'POST', headers: headers(session), body: JSON.stringify(body) });
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

  beforeAll(async () => {
    up = await startTestMcpServer({ label: 'up', transport: 'streamable_http' });
    cluster = new Cluster({ redisUrl: testRedisUrl() });
    await cluster.start('admin');
    proxies = [await cluster.start('proxy'), await cluster.start('proxy')];
    await cluster.start('log-writer');
    store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    await store.mcpServers.create({ name: 'up', transport: 'streamable_http', url: up.url });
    key = generateTokenKey();
    tokenId = (await store.tokens.create({ key, name: 'mcp', mcp_allowed: ['up'] })).id;
    // The proxies pick both up on their periodic reload.
    for (const proxy of proxies) await waitFor('token and server on the proxy', async () => (await post(proxy, initialize)).status, (s) => s === 200, 30_000);
  });
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
    await up?.close();
  });

  it('a session opened on one proxy is served by the other, and ended there', async () => {
    const init = await post(proxies[0]!, initialize);
    const session = init.headers.get('mcp-session-id')!;
    expect(session).toBeTruthy();
    const list = await post(proxies[1]!, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, session);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name)).toEqual(['up__echo', 'up__fail', 'up__hang']);
    const call = await post(proxies[1]!, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'up__echo', arguments: { text: 'b' } } }, session);
    expect(await call.json()).toMatchObject({ result: { content: [{ type: 'text', text: 'up: b' }] } });
    expect((await fetch(`${proxies[1]!.url}/mcp`, { method: 'DELETE', headers: headers(session) })).status).toBe(200);
    expect((await post(proxies[0]!, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, session)).status).toBe(404);
  });

  it('the SDK client whose requests alternate between the proxies keeps one session', async () => {
    let turn = 0;
    const alternating: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const proxy = proxies[turn++ % 2]!;
      url.port = String(proxy.port);
      return fetch(url, init);
    };
    const client = new Client({ name: 'dist', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${proxies[0]!.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } }, fetch: alternating }));
    for (let i = 0; i < 6; i += 1) {
      const result = await client.callTool({ name: 'up__echo', arguments: { text: `n${i}` } });
      expect(result.content).toEqual([{ type: 'text', text: `up: n${i}` }]);
    }
    await client.close();
    const rows = await waitFor(
      'the calls in request_logs',
      async () => (await store.requestLogs.list({ limit: 200 })).filter((r) => r.token_id === tokenId && r.request_type === 'mcp_call' && r.provider === 'up'),
      (r) => r.length >= 7,
    );
    expect(rows.every((r) => r.model === 'echo' && r.status_code === 200)).toBe(true);
  });
});
