import { closedPort, MCP_STDIO_SERVER_SCRIPT, startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { McpUpstreamError } from './errors';
import { probeMcpServer } from './probe';

describe('probeMcpServer', () => {
  let http: TestMcpHttpServer;
  let sse: TestMcpHttpServer;

  beforeAll(async () => {
    http = await startTestMcpServer({ label: 'http', transport: 'streamable_http' });
    sse = await startTestMcpServer({ label: 'sse', transport: 'sse' });
  });
  afterAll(async () => {
    await http.close();
    await sse.close();
  });

  it('lists the tools of a Streamable HTTP server, the new ones after a change', async () => {
    const { tools } = await probeMcpServer({ name: 'h', transport: 'streamable_http', url: http.url, headers: { Authorization: 'Bearer up-secret' }, timeoutMs: 5000 });
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'fail', 'hang']);
    http.addTool('later');
    const again = await probeMcpServer({ name: 'h', transport: 'streamable_http', url: http.url, timeoutMs: 5000 });
    expect(again.tools.map((t) => t.name)).toContain('later');
  });

  it('lists the tools of a legacy SSE server', async () => {
    const { tools } = await probeMcpServer({ name: 's', transport: 'sse', url: sse.url, timeoutMs: 5000 });
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'fail', 'hang']);
  });

  it('lists the tools of a stdio server', async () => {
    const { tools } = await probeMcpServer({ name: 'io', transport: 'stdio', command: process.execPath, args: [MCP_STDIO_SERVER_SCRIPT, 'io'], timeoutMs: 10000 });
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'env', 'fail', 'hang']);
  });

  it('throws McpUpstreamError without the credential when the server cannot be reached', async () => {
    const secret = 'sk-very-secret-value';
    const err = await probeMcpServer({ name: 'gone', transport: 'streamable_http', url: `http://127.0.0.1:${await closedPort()}/mcp`, headers: { Authorization: `Bearer ${secret}` }, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpUpstreamError);
    expect((err as Error).message).toMatch(/^MCP server gone: fetch failed \(.*ECONNREFUSED/);
    expect((err as Error).message).not.toContain(secret);
  });
});
