import { startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { connectRaw } from './connect';
import { McpUpstreamError } from './errors';
import { McpUpstreamPool } from './pool';

describe('McpUpstreamPool', () => {
  let up: TestMcpHttpServer;
  let pool: McpUpstreamPool;
  const changed: string[] = [];
  let connects = 0;

  beforeAll(async () => {
    up = await startTestMcpServer({ label: 'up', transport: 'streamable_http' });
  });
  beforeEach(() => {
    changed.length = 0;
    connects = 0;
    pool = new McpUpstreamPool({
      onToolsChanged: (s) => changed.push(s),
      connect: (spec, options) => {
        connects += 1;
        return connectRaw(spec, options);
      },
    });
    pool.setServers([{ name: 'up', transport: 'streamable_http', url: up.url, timeoutMs: 800 }]);
    changed.length = 0;
  });
  afterEach(() => pool.close());
  afterAll(() => up.close());

  const echo = (text: string) =>
    pool.request('up', (client, options) => client.request({ method: 'tools/call', params: { name: 'echo', arguments: { text } } }, CallToolResultSchema, options));

  it('shares one upstream session and caches the tool list', async () => {
    const first = await pool.tools('up');
    expect(await pool.tools('up')).toBe(first);
    await echo('a');
    expect(connects).toBe(1);
  });

  it('re-creates the session once when the upstream restarted, and lists its tools again', async () => {
    await pool.tools('up');
    await up.restart();
    expect((await echo('after')).content).toEqual([{ type: 'text', text: 'up: after' }]);
    expect(connects).toBe(2);
    expect(changed).toContain('up');
  });

  it('drops the cached list on notifications/tools/list_changed', async () => {
    const before = await pool.tools('up');
    up.addTool(`t${Date.now()}`);
    const deadline = Date.now() + 5000;
    while (!changed.includes('up') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const after = await pool.tools('up');
    expect(after.length).toBe(before.length + 1);
  });

  it('times out a call with the server timeout, as McpUpstreamError kind timeout, without reconnecting', async () => {
    const err = await pool.request('up', (client, options) => client.request({ method: 'tools/call', params: { name: 'hang' } }, CallToolResultSchema, options)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpUpstreamError);
    expect((err as McpUpstreamError).kind).toBe('timeout');
    expect(connects).toBe(1);
  });

  it('tells onListed what each listing found: the tools, or the error', async () => {
    const seen: unknown[] = [];
    const watched = new McpUpstreamPool({ onListed: (server, outcome) => seen.push({ server, ...('tools' in outcome ? { count: outcome.tools.length } : { error: outcome.error }) }) });
    try {
      watched.setServers([
        { name: 'up', transport: 'streamable_http', url: up.url, timeoutMs: 800 },
        { name: 'down', transport: 'streamable_http', url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer hidden-cred' }, timeoutMs: 800 },
      ]);
      const listed = await watched.tools('up');
      await expect(watched.tools('down')).rejects.toBeInstanceOf(McpUpstreamError);
      await new Promise((r) => setImmediate(r));
      expect(seen[0]).toEqual({ server: 'up', count: listed.length });
      expect(listed.length).toBeGreaterThanOrEqual(3);
      expect(seen[1]).toMatchObject({ server: 'down', error: expect.stringContaining('down') });
      expect(JSON.stringify(seen)).not.toContain('hidden-cred');
    } finally {
      await watched.close();
    }
  });

  it('sends a request that got a 5xx answer once, keeping the shared session', async () => {
    await pool.tools('up');
    let sent = 0;
    const err = await pool
      .request('up', async () => {
        sent += 1;
        throw new StreamableHTTPError(500, 'Internal Server Error');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpUpstreamError);
    expect(sent).toBe(1);
    expect(connects).toBe(1);
    expect(changed).toEqual([]);
    await echo('still');
    expect(connects).toBe(1);
  });

  it('does not announce a tools change when connecting to a down server fails', async () => {
    pool.setServers([
      { name: 'up', transport: 'streamable_http', url: up.url, timeoutMs: 800 },
      { name: 'down', transport: 'streamable_http', url: 'http://127.0.0.1:9/mcp', timeoutMs: 800 },
    ]);
    changed.length = 0;
    await expect(pool.tools('down')).rejects.toBeInstanceOf(McpUpstreamError);
    await expect(pool.tools('down')).rejects.toBeInstanceOf(McpUpstreamError);
    await new Promise((r) => setTimeout(r, 50));
    expect(connects).toBeGreaterThanOrEqual(2);
    expect(changed).toEqual([]);
  });

  it('closes the session of a removed or changed server', async () => {
    await pool.tools('up');
    pool.setServers([{ name: 'up', transport: 'streamable_http', url: up.url, timeoutMs: 900 }]);
    expect(changed).toEqual(['up', 'up']);
    await pool.tools('up');
    expect(connects).toBe(2);
    pool.setServers([]);
    expect(pool.has('up')).toBe(false);
  });

  it('re-creates a legacy SSE session after the upstream restarted', async () => {
    const sse = await startTestMcpServer({ label: 'old', transport: 'sse' });
    try {
      pool.setServers([{ name: 'old', transport: 'sse', url: sse.url, timeoutMs: 2000 }]);
      const call = () => pool.request('old', (client, options) => client.request({ method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } }, CallToolResultSchema, options));
      expect((await call()).content).toEqual([{ type: 'text', text: 'old: x' }]);
      await sse.restart();
      expect((await call()).content).toEqual([{ type: 'text', text: 'old: x' }]);
      expect(sse.sessionsOpened()).toBe(2);
    } finally {
      await sse.close();
    }
  });
});
