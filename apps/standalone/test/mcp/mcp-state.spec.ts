import { startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { startTestGateway, type IssuedToken, type TestGateway } from '../harness';
import { connectClient, waitFor } from './mcp-client';

describe('MCP gateway: the state a gateway process sees is recorded on the server row', () => {
  let gw: TestGateway;
  let up: TestMcpHttpServer;
  let token: IssuedToken;

  beforeAll(async () => {
    gw = await startTestGateway();
    up = await startTestMcpServer({ label: 'up', transport: 'streamable_http' });
    await gw.store.mcpServers.create({ name: 'up', transport: 'streamable_http', url: up.url, headers: { Authorization: 'Bearer state-secret' }, timeout_ms: 1500 });
    await gw.store.mcpServers.create({ name: 'gone', transport: 'streamable_http', url: 'http://127.0.0.1:9/mcp', timeout_ms: 1500 });
    await gw.proxy.deps.mcp.reload();
    token = await gw.addToken({ mcp_allowed: ['up', 'gone'] });
  });
  afterAll(async () => {
    await gw.close();
    await up.close();
  });

  const row = async (name: string) => (await gw.store.mcpServers.get(name))!;

  it('shows connected with the tool count once a client listed the tools, and the error of an unreachable one', async () => {
    expect((await row('up')).status).toBe('unknown');
    const client = await connectClient(gw.url, '/mcp', token.key);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['up__echo', 'up__fail', 'up__hang']);
      await waitFor(async () => (await row('up')).status === 'connected' && (await row('gone')).status === 'error');
      const ok = await row('up');
      expect(ok).toMatchObject({ status: 'connected', last_error: null, tool_count: 3 });
      expect(ok.refreshed_at).not.toBeNull();
      const failed = await row('gone');
      expect(failed.tool_count).toBeNull();
      expect(failed.last_error).toMatch(/gone/);
    } finally {
      await client.close();
    }
  });

  it('writes the row again only when the state changed', async () => {
    const before = (await row('gone')).refreshed_at;
    const client = await connectClient(gw.url, '/mcp', token.key);
    try {
      await client.listTools();
      await client.listTools();
      await new Promise((r) => setTimeout(r, 200));
      expect((await row('gone')).refreshed_at).toEqual(before);
    } finally {
      await client.close();
    }
  });
});
