import { startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from '../harness';
import { connectClient, rejectionOf, textOf } from './mcp-client';

describe('MCP gateway: a token sees and calls only what its mcp_allowed names', () => {
  let gw: TestGateway;
  let alpha: TestMcpHttpServer;
  let beta: TestMcpHttpServer;

  beforeAll(async () => {
    gw = await startTestGateway();
    alpha = await startTestMcpServer({ label: 'alpha', transport: 'streamable_http' });
    beta = await startTestMcpServer({ label: 'beta', transport: 'streamable_http' });
    await gw.store.mcpServers.create({ name: 'alpha', transport: 'streamable_http', url: alpha.url });
    await gw.store.mcpServers.create({ name: 'beta', transport: 'streamable_http', url: beta.url });
    await gw.proxy.deps.mcp.reload();
  });
  afterAll(async () => {
    await gw.close();
    await alpha.close();
    await beta.close();
  });

  it('a token with one server lists and calls that server only', async () => {
    const token = await gw.addToken({ mcp_allowed: ['beta'] });
    const client = await connectClient(gw.url, '/mcp', token.key);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['beta__echo', 'beta__fail', 'beta__hang']);
    expect(textOf(await client.callTool({ name: 'beta__echo', arguments: { text: 'x' } }))).toBe('beta: x');
    const err = await rejectionOf(client.callTool({ name: 'alpha__echo', arguments: { text: 'x' } }));
    expect(err.code).toBe(-32602);
    expect(err.message).toContain('tool alpha__echo is not available to this token');
    expect(err.data).toEqual({ code: 'mcp_not_allowed' });
    expect(alpha.calls).toEqual([]);
    // /mcp/alpha does not exist for it.
    await expect(connectClient(gw.url, '/mcp/alpha', token.key)).rejects.toThrow(/404|no MCP server alpha/);
    await client.close();
  });

  it('a token with one tool sees that tool alone; a hidden tool of the same server is refused whatever the client sends', async () => {
    const token = await gw.addToken({ mcp_allowed: ['alpha/echo'] });
    const client = await connectClient(gw.url, '/mcp', token.key);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['alpha__echo']);
    for (const name of ['alpha__fail', 'alpha__hang', 'alpha__nope', 'alpha', '__echo', 'alpha__echo/../fail']) {
      const err = await rejectionOf(client.callTool({ name, arguments: {} }));
      expect(err.data).toEqual({ code: 'mcp_not_allowed' });
    }
    expect(alpha.calls.filter((c) => c.tool !== 'echo')).toEqual([]);
    // Resources and prompts need the whole server.
    expect((await client.listResources()).resources).toEqual([]);
    expect((await client.listPrompts()).prompts).toEqual([]);
    expect((await rejectionOf(client.readResource({ uri: 'test://alpha/readme' }))).data).toEqual({ code: 'mcp_not_allowed' });
    expect((await rejectionOf(client.getPrompt({ name: 'alpha__greet', arguments: { name: 'x' } }))).data).toEqual({ code: 'mcp_not_allowed' });
    // /mcp/alpha opens, with the one tool under its own name.
    const one = await connectClient(gw.url, '/mcp/alpha', token.key);
    expect((await one.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect((await rejectionOf(one.callTool({ name: 'fail', arguments: {} }))).data).toEqual({ code: 'mcp_not_allowed' });
    await client.close();
    await one.close();
  });

  it('a token with no MCP entry (null or []) cannot even initialize', async () => {
    for (const mcp_allowed of [null, []]) {
      const token = await gw.addToken({ mcp_allowed });
      const res = await gw.raw('/mcp', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { data: { code: 'mcp_not_allowed' } } });
    }
  });

  it('refuses a missing or unknown gateway token with a JSON-RPC error body', async () => {
    const res = await gw.raw('/mcp', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { data: { code: 'missing_token' } } });
  });

  it('a session belongs to the token that opened it, and ends with DELETE', async () => {
    const a = await gw.addToken({ mcp_allowed: ['alpha'] });
    const b = await gw.addToken({ mcp_allowed: ['alpha'] });
    const headers = (key: string) => ({ Authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
    const init = await gw.raw('/mcp', { method: 'POST', headers: headers(a.key), body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
    const session = init.headers.get('mcp-session-id')!;
    const list = (key: string) => gw.raw('/mcp', { method: 'POST', headers: { ...headers(key), 'mcp-session-id': session }, body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' });
    expect((await list(a.key)).status).toBe(200);
    expect((await list(b.key)).status).toBe(404);
    const noSession = await gw.raw('/mcp', { method: 'POST', headers: headers(a.key), body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' });
    expect(noSession.status).toBe(400);
    expect((await gw.raw('/mcp', { method: 'DELETE', headers: { ...headers(a.key), 'mcp-session-id': session } })).status).toBe(200);
    expect((await list(a.key)).status).toBe(404);
  });
});
