import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, generateTokenKey, KeyCipher, StoreError, type Store } from '../src';
import { DIALECTS, SECRET, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_mcp');
afterAll(() => harness.cleanup());

const BEARER = 'sk-upstream-secret-0123456789';

describe.each(DIALECTS)('mcp_servers on %s', (dialect) => {
  let store: Store;
  beforeAll(async () => {
    store = await harness.open(dialect);
  });

  it('creates a server with encrypted headers shown as hints, normalised prices and defaults', async () => {
    const created = await store.mcpServers.create({
      name: 'github',
      transport: 'streamable_http',
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: `Bearer ${BEARER}`, 'X-Team': 'platform-team' },
      call_price: '0.0100',
      tool_prices: { search: '0.5000000000' },
      timeout_ms: 15000,
    });
    expect(created).toMatchObject({
      name: 'github',
      transport: 'streamable_http',
      url: 'https://mcp.example.com/mcp',
      headers_hint: { Authorization: 'Bearer sk-u...6789', 'X-Team': 'pla...eam' },
      command: null,
      args: null,
      env_names: null,
      enabled: true,
      source: 'api',
      call_price: '0.01',
      tool_prices: { search: '0.5' },
      timeout_ms: 15000,
      status: 'unknown',
      last_error: null,
      tool_count: null,
      tools: null,
      refreshed_at: null,
    });
    expect(created.created_at).toBeInstanceOf(Date);
    expect(JSON.stringify(created)).not.toContain(BEARER);
    const raw = await store.knex('mcp_servers').where('name', 'github').first();
    expect(JSON.stringify(raw)).not.toContain(BEARER);
    expect(JSON.parse(KeyCipher.fromSecret(SECRET).decrypt(raw.headers_encrypted))).toEqual({ Authorization: `Bearer ${BEARER}`, 'X-Team': 'platform-team' });
    expect(await store.mcpServers.get('github')).toEqual(created);
    expect(await store.mcpServers.get('nope')).toBeUndefined();
  });

  it('refuses a taken name as conflict and bad fields as invalid, naming the problem', async () => {
    await expect(store.mcpServers.create({ name: 'github', transport: 'sse', url: 'https://x/sse' })).rejects.toMatchObject({ kind: 'conflict' });
    const bad = async (input: Parameters<Store['mcpServers']['create']>[0], message: RegExp) => {
      const err = await store.mcpServers.create(input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ kind: 'invalid', message: expect.stringMatching(message) });
    };
    await bad({ name: 'Git_Hub', transport: 'sse', url: 'https://x' }, /lower-case/);
    await bad({ name: 'a--b', transport: 'sse', url: 'https://x' }, /single hyphens/);
    await bad({ name: 'x'.repeat(33), transport: 'sse', url: 'https://x' }, /32/);
    await bad({ name: 'ws', transport: 'websocket' as never, url: 'https://x' }, /transport must be one of/);
    await bad({ name: 'nourl', transport: 'streamable_http' }, /url is required/);
    await bad({ name: 'ftp', transport: 'sse', url: 'ftp://x' }, /http or https/);
    await bad({ name: 'creds', transport: 'sse', url: 'https://u:p@x' }, /credentials/);
    await bad({ name: 'hdr', transport: 'sse', url: 'https://x', headers: { 'bad header': 'v' } }, /header name/);
    await bad({ name: 'crlf', transport: 'sse', url: 'https://x', headers: { 'X-A': 'a\r\nX-B: b' } }, /control characters/);
    await bad({ name: 'price', transport: 'sse', url: 'https://x', call_price: '-1' }, /call_price/);
    await bad({ name: 'price2', transport: 'sse', url: 'https://x', tool_prices: { t: '1e3' } }, /tool_prices\["t"\]/);
    await bad({ name: 'timeout', transport: 'sse', url: 'https://x', timeout_ms: 0 }, /timeout_ms/);
    await bad({ name: 'cmd', transport: 'sse', url: 'https://x', command: 'rm' }, /stdio transport only/);
    expect((await store.mcpServers.list()).map((s) => s.name)).toEqual(['github']);
  });

  it('refuses a stdio server unless it comes from the config file, and keeps its env sealed', async () => {
    await expect(store.mcpServers.create({ name: 'local', transport: 'stdio', command: 'node', args: ['server.js'] })).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('stdio servers can be declared only in the config file'),
    });
    const local = await store.mcpServers.create({ name: 'local', transport: 'stdio', command: 'node', args: ['server.js', '--quiet'], env: { API_KEY: 'env-secret-value' }, source: 'config' });
    expect(local).toMatchObject({ transport: 'stdio', url: null, headers_hint: null, command: 'node', args: ['server.js', '--quiet'], env_names: ['API_KEY'], source: 'config' });
    const raw = await store.knex('mcp_servers').where('name', 'local').first();
    expect(JSON.stringify(raw)).not.toContain('env-secret-value');
    await expect(store.mcpServers.create({ name: 'nocmd', transport: 'stdio', source: 'config' })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('lists for the gateway only enabled servers, decrypted, by name', async () => {
    await store.mcpServers.create({ name: 'alpha', transport: 'sse', url: 'https://alpha/sse', enabled: false });
    const gateway = await store.mcpServers.listForGateway();
    expect(gateway.map((s) => s.name)).toEqual(['github', 'local']);
    expect(gateway[0]).toMatchObject({ headers: { Authorization: `Bearer ${BEARER}`, 'X-Team': 'platform-team' }, env: null });
    expect(gateway[1]).toMatchObject({ headers: null, env: { API_KEY: 'env-secret-value' }, args: ['server.js', '--quiet'] });
    expect((await store.mcpServers.list()).map((s) => s.name)).toEqual(['alpha', 'github', 'local']);
  });

  it('updates a server as a whole (checked after the patch), keeping what the patch leaves out', async () => {
    const before = (await store.mcpServers.get('alpha'))!;
    const after = await store.mcpServers.update('alpha', { enabled: true, headers: { Authorization: 'Bearer tok-abcdefgh' }, call_price: '2.50' });
    expect(after).toMatchObject({ url: 'https://alpha/sse', enabled: true, headers_hint: { Authorization: 'Bearer tok...fgh' }, call_price: '2.5' });
    expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(before.updated_at.getTime());
    const cleared = await store.mcpServers.update('alpha', { headers: null, call_price: null });
    expect(cleared).toMatchObject({ headers_hint: null, call_price: null });
    await expect(store.mcpServers.update('alpha', { url: null })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('url is required') });
    await expect(store.mcpServers.update('alpha', { transport: 'stdio', command: 'sh', url: null })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('only in the config file') });
    await expect(store.mcpServers.update('missing', { enabled: false })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await store.mcpServers.get('alpha'))!.url).toBe('https://alpha/sse');
  });

  it('records the state of a refresh and removes a server', async () => {
    const at = new Date('2026-03-04T05:06:07.000Z');
    const tools = [{ name: 'search', inputSchema: { type: 'object' } }, { name: 'fetch', description: 'x', inputSchema: { type: 'object' } }];
    const ok = await store.mcpServers.recordState('alpha', { status: 'connected', last_error: null, tool_count: 2, tools, refreshed_at: at });
    expect(ok).toMatchObject({ status: 'connected', tool_count: 2, tools, last_error: null });
    expect(ok.refreshed_at?.toISOString()).toBe(at.toISOString());
    const failed = await store.mcpServers.recordState('alpha', { status: 'error', last_error: 'x'.repeat(5000), tool_count: null, tools: null, refreshed_at: at });
    expect(failed).toMatchObject({ status: 'error', tool_count: null, tools: null });
    expect(failed.last_error).toHaveLength(4096);
    await expect(store.mcpServers.recordState('gone', { status: 'error', last_error: null, tool_count: null, tools: null, refreshed_at: at })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await store.mcpServers.remove('alpha')).name).toBe('alpha');
    await expect(store.mcpServers.remove('alpha')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await store.mcpServers.get('alpha')).toBeUndefined();
  });

  it('keeps a token MCP allow-list (null by default), checked by the naming rules', async () => {
    const plain = await store.tokens.create({ key: generateTokenKey(), name: 'plain' });
    expect(plain.mcp_allowed).toBeNull();
    const t = await store.tokens.create({ key: generateTokenKey(), name: 'agent', mcp_allowed: ['github', 'docs-search/lookup_page'] });
    expect((await store.tokens.get(t.id))!.mcp_allowed).toEqual(['github', 'docs-search/lookup_page']);
    expect((await store.tokens.update(t.id, { mcp_allowed: [] }))!.mcp_allowed).toEqual([]);
    expect((await store.tokens.update(t.id, { mcp_allowed: null }))!.mcp_allowed).toBeNull();
    for (const entry of ['GitHub', 'github/', 'github/has space', `github/${'t'.repeat(129)}`, '/tool']) {
      await expect(store.tokens.update(t.id, { mcp_allowed: [entry] })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('MCP allow-list entry') });
    }
    await expect(store.tokens.create({ key: generateTokenKey(), name: 'bad', mcp_allowed: ['a__b'] })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('cannot decrypt headers under another secret, and says so as unreadable', async () => {
    if (dialect !== 'sqlite') return;
    const file = join(tmpdir(), `aigw-mcp-${process.pid}-${Date.now()}.db`);
    const url = `sqlite://${file}`;
    const first = await createStore({ url, secret: 'one', timezone: 'UTC' });
    await first.mcpServers.create({ name: 'sealed', transport: 'sse', url: 'https://x', headers: { Authorization: 'Bearer abcdefghijkl' } });
    await first.close();
    const second = await createStore({ url, secret: 'two', timezone: 'UTC' });
    try {
      expect((await second.mcpServers.list()).map((s) => s.name)).toEqual(['sealed']);
      await expect(second.mcpServers.listForGateway()).rejects.toMatchObject({ kind: 'unreadable', message: expect.stringContaining('security.secret') });
      const skipped: unknown[] = [];
      expect(await second.mcpServers.listForGateway((row) => skipped.push(row))).toEqual([]);
      expect(skipped).toEqual([expect.objectContaining({ table: 'mcp_servers' })]);
    } finally {
      await second.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    }
  });
});
