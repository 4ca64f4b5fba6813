import { existsSync } from 'node:fs';
import { closedPort, startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { configChangesSince, startHarness, type Harness } from './harness';

const BEARER = 'mcp-upstream-secret-0123456789';

describe('MCP servers over the admin API', () => {
  let h: Harness;
  let upstream: TestMcpHttpServer;
  let legacy: TestMcpHttpServer;
  beforeAll(async () => {
    upstream = await startTestMcpServer({ label: 'docs', transport: 'streamable_http' });
    legacy = await startTestMcpServer({ label: 'old', transport: 'sse' });
  });
  afterAll(async () => {
    await upstream.close();
    await legacy.close();
  });
  beforeEach(async () => {
    h = await startHarness({ mcp: { call_timeout: '5s' } });
  });
  afterEach(async () => h.close());

  it('registers a server: hints and state in the answer, never the credential; one admin_logs row; announced', async () => {
    const before = h.changes.length;
    const res = await h.post('/admin/mcp-servers', { name: 'docs', url: upstream.url, bearer: BEARER, headers: { 'X-Team': 'platform-team' }, call_price: '0.0100', tool_prices: { echo: 0.5 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'docs',
      transport: 'streamable_http',
      url: upstream.url,
      headers_hint: { 'X-Team': 'pla...eam', Authorization: 'Bearer mcp-...6789' },
      enabled: true,
      source: 'api',
      call_price: '0.01',
      tool_prices: { echo: '0.5' },
      timeout_ms: null,
      status: 'unknown',
      last_error: null,
      tool_count: null,
      tool_names: null,
      refreshed_at: null,
    });
    expect(res.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(configChangesSince(h, before)).toEqual(['mcp_servers']);
    const list = await h.get('/admin/mcp-servers');
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: { name: string }) => s.name)).toEqual(['docs']);
    const one = await h.get('/admin/mcp-servers/docs');
    expect(one.body).toMatchObject({ name: 'docs', tools: null });
    const rows = await h.adminLogs(3);
    const create = rows.find((r) => r.operation === 'mcp_server.create')!;
    expect(create).toMatchObject({ target: 'docs', status_code: 201, detail: expect.objectContaining({ header_names: ['X-Team', 'Authorization'] }) });
    for (const answer of [res.body, list.body, one.body, rows]) expect(JSON.stringify(answer)).not.toContain(BEARER);
    expect(rows.map((r) => r.operation)).toEqual(expect.arrayContaining(['mcp_server.list', 'mcp_server.get']));
  });

  it('refuses stdio whatever way it is asked for, and bad fields naming them', async () => {
    for (const body of [{ name: 'local', transport: 'stdio', command: 'node' }, { name: 'local', url: 'http://x', command: 'sh' }, { name: 'local', url: 'http://x', args: ['-c'] }]) {
      const res = await h.post('/admin/mcp-servers', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', message: 'stdio servers can be declared only in the config file' });
    }
    await h.post('/admin/mcp-servers', { name: 'docs', url: upstream.url }).expect(201);
    const put = await h.put('/admin/mcp-servers/docs', { transport: 'stdio' });
    expect(put.status).toBe(400);
    expect(put.body.error.message).toBe('stdio servers can be declared only in the config file');
    expect((await h.post('/admin/mcp-servers', { name: 'Bad_Name', url: upstream.url })).body.error.message).toContain('name: MCP server name "Bad_Name"');
    expect((await h.post('/admin/mcp-servers', { name: 'nourl' })).body.error.message).toContain('url is required');
    expect((await h.post('/admin/mcp-servers', { name: 'x', url: 'ftp://x' })).body.error.param).toBe('url');
    expect((await h.post('/admin/mcp-servers', { name: 'x', url: 'http://x', bearer: 'a', headers: { authorization: 'b' } })).body.error.message).toContain('either bearer or an Authorization header');
    expect((await h.post('/admin/mcp-servers', { name: 'x', url: 'http://x', call_price: 'free' })).body.error.message).toContain('call_price must be a non-negative decimal');
    expect((await h.post('/admin/mcp-servers', { name: 'docs', url: upstream.url })).status).toBe(409);
    expect(await h.store.mcpServers.list()).toHaveLength(1);
  });

  it('updates with PUT (fields left out stay, bearer replaces Authorization only), enables, disables and deletes', async () => {
    await h.post('/admin/mcp-servers', { name: 'docs', url: upstream.url, bearer: BEARER, headers: { 'X-Team': 'platform-team' } }).expect(201);
    const put = await h.put('/admin/mcp-servers/docs', { timeout_ms: 2000, bearer: 'rotated-credential-0001' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ timeout_ms: 2000, url: upstream.url, headers_hint: { 'X-Team': 'pla...eam', Authorization: 'Bearer rota...0001' } });
    expect((await h.store.mcpServers.getWithSecrets('docs'))!.headers).toEqual({ 'X-Team': 'platform-team', Authorization: 'Bearer rotated-credential-0001' });
    expect((await h.put('/admin/mcp-servers/docs', { headers: null })).body.headers_hint).toBeNull();
    expect((await h.put('/admin/mcp-servers/docs', {})).status).toBe(400);
    expect((await h.post('/admin/mcp-servers/docs/disable')).body.enabled).toBe(false);
    expect(await h.store.mcpServers.listForGateway()).toEqual([]);
    expect((await h.post('/admin/mcp-servers/docs/enable')).body.enabled).toBe(true);
    const del = await h.del('/admin/mcp-servers/docs');
    expect(del.body).toEqual({ name: 'docs', deleted: true });
    expect((await h.get('/admin/mcp-servers/docs')).status).toBe(404);
    expect((await h.del('/admin/mcp-servers/docs')).status).toBe(404);
    const ops = (await h.adminLogs(8)).map((r) => [r.operation, r.status_code]);
    expect(ops).toEqual(expect.arrayContaining([['mcp_server.update', 200], ['mcp_server.disable', 200], ['mcp_server.enable', 200], ['mcp_server.delete', 200], ['mcp_server.delete', 404]]));
  });

  it('protects config-declared servers: 409 on PUT and DELETE, while enable, disable and refresh work', async () => {
    await h.store.mcpServers.create({ name: 'filed', transport: 'sse', url: legacy.url, source: 'config' });
    const put = await h.put('/admin/mcp-servers/filed', { timeout_ms: 10 });
    expect(put.status).toBe(409);
    expect(put.body.error.message).toContain('declared in the config file');
    expect((await h.del('/admin/mcp-servers/filed')).status).toBe(409);
    expect((await h.post('/admin/mcp-servers/filed/disable')).body).toMatchObject({ enabled: false, source: 'config' });
    const refreshed = await h.post('/admin/mcp-servers/filed/refresh');
    expect(refreshed.body).toMatchObject({ status: 'connected', tool_count: 3, tool_names: ['echo', 'fail', 'hang'] });
  });

  it('refuses to refresh a stdio server (409 conflict): the admin API never starts its command', async () => {
    const marker = `${process.env.TMPDIR ?? '/tmp'}/aigw-stdio-refresh-${process.pid}-${Date.now()}`;
    await h.store.mcpServers.create({ name: 'local', transport: 'stdio', command: 'touch', args: [marker], source: 'config' });
    const res = await h.post('/admin/mcp-servers/local/refresh');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: 'stdio servers are refreshed by the gateway that runs them' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(marker)).toBe(false);
    expect((await h.store.mcpServers.get('local'))!.status).toBe('unknown');
  });

  it('keeps the stored Authorization when a PUT sends headers without one and no bearer; headers null clears all', async () => {
    await h.post('/admin/mcp-servers', { name: 'docs', url: upstream.url, bearer: BEARER, headers: { 'X-Team': 'platform-team' } }).expect(201);
    expect((await h.put('/admin/mcp-servers/docs', { headers: { 'X-Team': 'infra-team-01' } })).status).toBe(200);
    expect((await h.store.mcpServers.getWithSecrets('docs'))!.headers).toEqual({ 'X-Team': 'infra-team-01', Authorization: `Bearer ${BEARER}` });
    await h.put('/admin/mcp-servers/docs', { headers: { 'X-Team': 'infra-team-01', authorization: 'Token given-in-headers' } }).expect(200);
    expect((await h.store.mcpServers.getWithSecrets('docs'))!.headers).toEqual({ 'X-Team': 'infra-team-01', authorization: 'Token given-in-headers' });
    await h.put('/admin/mcp-servers/docs', { headers: null }).expect(200);
    expect((await h.store.mcpServers.getWithSecrets('docs'))!.headers).toBeNull();
  });

  it('refreshes against a real MCP server, recording the tools; an unreachable one records the error without the credential', async () => {
    await h.post('/admin/mcp-servers', { name: 'docs', url: upstream.url, bearer: BEARER }).expect(201);
    const before = h.changes.length;
    const ok = await h.post('/admin/mcp-servers/docs/refresh');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'connected', last_error: null, tool_count: 3, tool_names: ['echo', 'fail', 'hang'] });
    expect(ok.body.tools[0]).toMatchObject({ name: 'echo', description: 'Echoes its text', inputSchema: expect.objectContaining({ type: 'object' }) });
    expect(ok.body.refreshed_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(configChangesSince(h, before)).toEqual(['mcp_servers']);
    expect((await h.get('/admin/mcp-servers')).body.data[0]).toMatchObject({ status: 'connected', tool_count: 3 });

    const port = await closedPort();
    await h.post('/admin/mcp-servers', { name: 'down', transport: 'sse', url: `http://127.0.0.1:${port}/sse`, bearer: BEARER }).expect(201);
    const failed = await h.post('/admin/mcp-servers/down/refresh');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'error', tool_count: null, tools: null });
    expect(failed.body.last_error).toEqual(expect.any(String));
    expect(failed.body.last_error.length).toBeGreaterThan(0);
    const rows = await h.adminLogs(5);
    const refreshes = rows.filter((r) => r.operation === 'mcp_server.refresh');
    expect(refreshes.map((r) => [r.target, r.detail?.status])).toEqual([['docs', 'connected'], ['down', 'error']]);
    expect(JSON.stringify([failed.body, rows])).not.toContain(BEARER);
  });

  it('gives tokens an MCP allow-list, checked by the naming rules', async () => {
    const created = await h.post('/admin/tokens', { name: 'agent', mcp_allowed: ['docs', 'github/search_code'] });
    expect(created.status).toBe(201);
    expect(created.body.mcp_allowed).toEqual(['docs', 'github/search_code']);
    expect((await h.post('/admin/tokens', { name: 'plain' })).body.mcp_allowed).toBeNull();
    const bad = await h.patch(`/admin/tokens/${created.body.id}`, { mcp_allowed: ['Docs'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('mcp_allowed[0]: MCP allow-list entry "Docs"');
    expect((await h.patch(`/admin/tokens/${created.body.id}`, { mcp_allowed: [] })).body.mcp_allowed).toEqual([]);
    const row = (await h.adminLogs(4)).find((r) => r.operation === 'token.create')!;
    expect(row.detail).toMatchObject({ mcp_allowed: ['docs', 'github/search_code'] });
  });
});

describe('MCP server hints with logging.key_display none', () => {
  it('shows the header names without any hint', async () => {
    const h = await startHarness({ logging: { key_display: 'none' } });
    try {
      const res = await h.post('/admin/mcp-servers', { name: 'docs', url: 'http://127.0.0.1:9/mcp', bearer: BEARER });
      expect(res.status).toBe(201);
      expect(res.body.headers_hint).toEqual({ Authorization: null });
      expect((await h.get('/admin/mcp-servers')).body.data[0].headers_hint).toEqual({ Authorization: null });
    } finally {
      await h.close();
    }
  });
});
