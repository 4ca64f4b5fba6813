import { SpanKind, SpanStatusCode, startTracing, type Tracing } from '@aigw/telemetry';
import { createSpanCollector, startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from '../harness';
import { connectClient, rejectionOf } from './mcp-client';

/** One span per upstream MCP call, in process (as chat-span.spec.ts does for chat). */
describe('MCP spans', () => {
  const collector = createSpanCollector();
  let tracing: Tracing | undefined;
  let gw: TestGateway;
  let up: TestMcpHttpServer;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'aigw-test', exporter: collector });
    up = await startTestMcpServer({ label: 'up', transport: 'streamable_http' });
    gw = await startTestGateway();
    await gw.store.mcpServers.create({ name: 'up', transport: 'streamable_http', url: up.url, timeout_ms: 500 });
    await gw.proxy.deps.mcp.reload();
  });
  afterAll(async () => {
    await gw?.close();
    await up?.close();
    await tracing?.shutdown();
  });

  it('a tools/call is a client span with the server and tool as attributes; a failed call is an error span', async () => {
    const token = await gw.addToken({ mcp_allowed: ['up'] });
    const client = await connectClient(gw.url, '/mcp', token.key);
    await client.listTools();
    collector.reset();
    await client.callTool({ name: 'up__echo', arguments: { text: 'x' } });
    await rejectionOf(client.callTool({ name: 'up__hang', arguments: {} }));
    await client.close();
    await gw.logs();
    await tracing!.forceFlush();
    const calls = collector.spans.filter((s) => s.name.startsWith('mcp tools/call'));
    expect(calls.map((s) => s.name)).toEqual(['mcp tools/call up/echo', 'mcp tools/call up/hang']);
    const [echo, hang] = calls;
    expect(echo!.kind).toBe(SpanKind.CLIENT);
    expect(echo!.attributes).toMatchObject({ 'aigw.mcp.method': 'tools/call', 'aigw.mcp.server': 'up', 'aigw.mcp.tool': 'echo' });
    expect(echo!.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(hang!.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'MCP server up: Request timed out' });
  });
});
