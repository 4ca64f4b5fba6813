import { generateTokenKey } from '@aigw/store';
import { MCP_STDIO_SERVER_SCRIPT, startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';
import { waitFor } from './mcp/mcp-client';

/** Issue 15 (store and admin side): [[mcp_servers]] reconciled at start, refreshed through /admin, the token's allow-list on /v1/token/balance. */
describe('MCP servers from the config file (standalone)', () => {
  let upstream: TestMcpHttpServer;
  let gw: TestGateway;
  const previous = process.env.MCP_DOCS_TOKEN;

  beforeAll(async () => {
    upstream = await startTestMcpServer({ label: 'docs', transport: 'streamable_http' });
    process.env.MCP_DOCS_TOKEN = 'docs-bearer-secret-0001';
    gw = await startTestGateway({
      mcp: { call_timeout: '5s' },
      mcp_servers: [
        { name: 'docs', url: upstream.url, bearer: 'env:MCP_DOCS_TOKEN', call_price: '0.002' },
        { name: 'local', transport: 'stdio', command: process.execPath, args: [MCP_STDIO_SERVER_SCRIPT, 'local'], env: { MCP_TEST_VALUE: 'from-config' } },
      ],
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream.close();
    if (previous === undefined) delete process.env.MCP_DOCS_TOKEN;
    else process.env.MCP_DOCS_TOKEN = previous;
  });

  const admin = async (path: string, method = 'GET') => {
    const res = await gw.raw(`/admin${path}`, { method, headers: { authorization: `Bearer ${gw.adminToken}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('creates both servers with source config at start, credentials from env shown as hints', async () => {
    const { body } = await admin('/mcp-servers');
    const data = body.data as Record<string, unknown>[];
    expect(data.map((s) => [s.name, s.transport, s.source, s.status])).toEqual([
      ['docs', 'streamable_http', 'config', 'unknown'],
      ['local', 'stdio', 'config', 'unknown'],
    ]);
    expect(data[0]).toMatchObject({ headers_hint: { Authorization: 'Bearer docs...0001' }, call_price: '0.002' });
    expect(data[1]).toMatchObject({ command: process.execPath, env_names: ['MCP_TEST_VALUE'] });
    expect(JSON.stringify(body)).not.toContain('docs-bearer-secret-0001');
    const rows = await gw.store.adminLogs.list({ limit: 100, operation: 'mcp_server.create' });
    expect(rows.map((r) => [r.actor, r.target])).toEqual([['config', 'local'], ['config', 'docs']]);
  });

  it('refuses to refresh the config-declared stdio server through the admin API (409); the gateway records its state when it lists its tools', async () => {
    const refused = await admin('/mcp-servers/local/refresh', 'POST');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', message: 'stdio servers are refreshed by the gateway that runs them' });
    expect((await admin('/mcp-servers/local')).body.status).toBe('unknown');
    await gw.proxy.deps.mcp.reload();
    expect((await gw.proxy.deps.mcp.pool.tools('local')).map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'fail', 'hang']));
    await waitFor(async () => (await admin('/mcp-servers/local')).body.status === 'connected');
    expect((await admin('/mcp-servers/local')).body.tool_names).toEqual(expect.arrayContaining(['echo', 'fail', 'hang']));
    expect((await admin('/mcp-servers/local', 'DELETE')).status).toBe(409);
  });

  it('shows a token its MCP allow-list on /v1/token/balance', async () => {
    const key = generateTokenKey();
    await gw.store.tokens.create({ key, name: 'agent', mcp_allowed: ['docs', 'local/echo'] });
    const res = await gw.raw('/v1/token/balance', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'agent', mcp_allowed: ['docs', 'local/echo'] });
  });

  it('refuses to start on a bad [[mcp_servers]] entry, naming it', async () => {
    await expect(startTestGateway({ mcp_servers: [{ name: 'ok', url: upstream.url }, { name: 'two', transport: 'stdio' }] })).rejects.toThrow(
      'config file mcp_servers[1] "two": MCP server "two": command is required for the stdio transport',
    );
  });
});
