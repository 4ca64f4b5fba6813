import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { startTestGateway, type IssuedToken, type TestGateway } from '../harness';
import { connectClient, rejectionOf, textOf, waitFor } from './mcp-client';

describe('MCP gateway: /mcp and /mcp/<server> with the official SDK client', () => {
  let gw: TestGateway;
  let alpha: TestMcpHttpServer;
  let beta: TestMcpHttpServer;
  let all: IssuedToken;
  const clients: Client[] = [];
  const connect = async (path: string, token: string): Promise<Client> => {
    const client = await connectClient(gw.url, path, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    gw = await startTestGateway();
    alpha = await startTestMcpServer({ label: 'alpha', transport: 'streamable_http' });
    beta = await startTestMcpServer({ label: 'beta', transport: 'sse' });
    await gw.store.mcpServers.create({ name: 'alpha', transport: 'streamable_http', url: alpha.url, headers: { Authorization: 'Bearer up-secret-alpha' }, timeout_ms: 1500 });
    await gw.store.mcpServers.create({ name: 'beta', transport: 'sse', url: beta.url, timeout_ms: 1500 });
    await gw.proxy.deps.mcp.reload();
    all = await gw.addToken({ mcp_allowed: ['alpha', 'beta'] });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await gw.close();
    await alpha.close();
    await beta.close();
  });

  it('lists every allowed tool as server__tool, ordered by server then tool', async () => {
    const client = await connect('/mcp', all.key);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['alpha__echo', 'alpha__fail', 'alpha__hang', 'beta__echo', 'beta__fail', 'beta__hang']);
    expect(tools[0]!.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });
  });

  it('answers tools/list byte-identically when nothing changed', async () => {
    const headers = { Authorization: `Bearer ${all.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await gw.raw('/mcp', { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
    const session = init.headers.get('mcp-session-id')!;
    expect(session).toBeTruthy();
    const list = async () =>
      (await gw.raw('/mcp', { method: 'POST', headers: { ...headers, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) })).text();
    const first = await list();
    expect(first).toContain('alpha__echo');
    expect(await list()).toBe(first);
    expect(await list()).toBe(first);
  });

  it('refuses a JSON-RPC batch (protocol 2025-06-18 has none) with HTTP 400 and -32600, with a row', async () => {
    const headers = { Authorization: `Bearer ${all.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await gw.raw('/mcp', { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
    const session = init.headers.get('mcp-session-id')!;
    const calls = alpha.calls.length;
    const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'alpha__echo', arguments: { text: 'batch' } } });
    const res = await gw.raw('/mcp', { method: 'POST', headers: { ...headers, 'mcp-session-id': session }, body: JSON.stringify([call(2), call(3)]) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    expect(alpha.calls.length).toBe(calls);
    await waitFor(async () => (await gw.logs()).some((r) => r.token_id === all.id && r.status_code === 400 && r.request_type === 'mcp_call'));
  });

  it('calls a tool through the aggregated endpoint with the server credential, and through /mcp/<server> by its own name', async () => {
    const client = await connect('/mcp', all.key);
    expect(textOf(await client.callTool({ name: 'alpha__echo', arguments: { text: 'hi' } }))).toBe('alpha: hi');
    expect(alpha.calls.at(-1)).toEqual({ tool: 'echo', args: { text: 'hi' }, authorization: 'Bearer up-secret-alpha' });
    const one = await connect('/mcp/beta', all.key);
    expect((await one.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'fail', 'hang']);
    expect(textOf(await one.callTool({ name: 'echo', arguments: { text: 'yo' } }))).toBe('beta: yo');
  });

  it('passes a tool error through as the upstream sent it', async () => {
    const client = await connect('/mcp', all.key);
    const result = await client.callTool({ name: 'beta__fail', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('beta tool failed on purpose');
  });

  it('answers a tool that hangs past the server timeout with an MCP timeout error', async () => {
    const client = await connect('/mcp', all.key);
    const started = Date.now();
    const err = await rejectionOf(client.callTool({ name: 'alpha__hang', arguments: {} }, undefined, { timeout: 10_000 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.code).toBe(-32001);
    expect(err.message).toBe('MCP error -32001: MCP server alpha: Request timed out');
    expect(err.message).not.toContain('up-secret-alpha');
  });

  it('keeps the client session when the upstream restarts mid-session', async () => {
    const client = await connect('/mcp', all.key);
    expect(textOf(await client.callTool({ name: 'alpha__echo', arguments: { text: 'before' } }))).toBe('alpha: before');
    const opened = alpha.sessionsOpened();
    await alpha.restart();
    expect(textOf(await client.callTool({ name: 'alpha__echo', arguments: { text: 'after' } }))).toBe('alpha: after');
    expect(alpha.sessionsOpened()).toBeGreaterThan(opened);
  });

  it('forwards notifications/tools/list_changed from an upstream to connected clients', async () => {
    const client = await connect('/mcp', all.key);
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    await client.listTools();
    await waitFor(() => alpha.sessionsOpened() > 0);
    // The notification stream is open once the gateway has sent at least its headers; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    alpha.addTool('extra');
    await waitFor(() => changed > 0);
    await waitFor(async () => (await client.listTools()).tools.some((t) => t.name === 'alpha__extra'));
  });

  it('proxies resources and prompts of a whole allowed server', async () => {
    const client = await connect('/mcp', all.key);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['test://alpha/readme', 'test://beta/readme']);
    const read = await client.readResource({ uri: 'test://beta/readme' });
    expect(read.contents[0]).toMatchObject({ text: 'readme of beta' });
    const prompts = await client.listPrompts();
    expect(prompts.prompts.map((p) => p.name)).toEqual(['alpha__greet', 'beta__greet']);
    const prompt = await client.getPrompt({ name: 'beta__greet', arguments: { name: 'Ann' } });
    expect(prompt.messages[0]!.content).toMatchObject({ text: 'Hello Ann from beta' });
  });

  it('writes one request_logs row per MCP request: type, server as provider, tool as model', async () => {
    const client = await connect('/mcp/alpha', all.key);
    await client.callTool({ name: 'echo', arguments: { text: 'row' } });
    const rows = (await gw.logs()).filter((r) => r.token_id === all.id);
    const types = new Set(rows.map((r) => r.request_type));
    for (const type of ['mcp_initialize', 'mcp_list', 'mcp_call', 'mcp_resources', 'mcp_prompts', 'mcp_other']) expect(types).toContain(type);
    const call = rows.filter((r) => r.request_type === 'mcp_call').at(-1)!;
    expect(call).toMatchObject({ provider: 'alpha', model: 'echo', upstream_model: null, status_code: 200, amount_spent: null, path: '/mcp/alpha' });
    const aggregatedList = rows.find((r) => r.request_type === 'mcp_list' && r.path === '/mcp')!;
    expect(aggregatedList.provider).toBeNull();
    const timeout = rows.find((r) => r.request_type === 'mcp_call' && r.model === 'hang')!;
    expect(timeout).toMatchObject({ provider: 'alpha', status_code: 504 });
    expect(timeout.error_message).toContain('MCP server alpha');
  });
});
