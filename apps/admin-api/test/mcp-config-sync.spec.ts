import { parseConfig, type AigwConfig } from '@aigw/config';
import { StartupError } from '@aigw/http';
import { createStore, type Dialect, type Store, type StoreOptions } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@aigw/test-support';
import { planConfigMcpServers, syncConfigMcpServers } from '../src';
import { TZ } from './harness';

const logger = createLogger({ level: 'silent', timezone: TZ });
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(testPostgresUrl(), schema);
});

function storeOptions(dialect: Dialect): StoreOptions {
  if (dialect === 'sqlite') return { url: 'sqlite::memory:', timezone: TZ, secret: 'test-secret' };
  const schema = uniqueSchema('t_mcpsync');
  schemas.push(schema);
  return { url: testPostgresUrl(), schema, poolMax: 3, secret: 'test-secret', timezone: TZ };
}

const ENV = { GH_TOKEN: 'ghp-config-secret-0001', LOCAL_KEY: 'local-env-secret' };
const GITHUB = { name: 'github', url: 'https://mcp.example.com/mcp', bearer: 'env:GH_TOKEN', call_price: '0.010', tool_prices: { search: 0.5 } };
const LOCAL = { name: 'local', transport: 'stdio', command: 'node', args: ['server.js'], env: { API_KEY: 'env:LOCAL_KEY' } };

const configWith = (mcp_servers: Record<string, unknown>[]): AigwConfig => parseConfig({ logging: { level: 'silent', timezone: TZ }, mcp_servers });
const start = (store: Store, config: AigwConfig, env: NodeJS.ProcessEnv = ENV) => syncConfigMcpServers({ config, store, logger }, planConfigMcpServers(config, env));
const rows = async (store: Store) => (await store.adminLogs.list({ limit: 100 })).reverse().map((r) => ({ actor: r.actor, path: r.path, operation: r.operation, target: r.target, detail: r.detail }));

describe.each<Dialect>(['sqlite', 'pg'])('[[mcp_servers]] reconciled on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore(storeOptions(dialect));
  });
  afterEach(() => store.close());

  it('creates each server with source config (stdio included), secrets from env, one admin_logs row each; a second start changes nothing', async () => {
    expect(await start(store, configWith([GITHUB, LOCAL]))).toBe(2);
    const [github, local] = await store.mcpServers.listForGateway();
    expect(github).toMatchObject({ name: 'github', transport: 'streamable_http', source: 'config', headers: { Authorization: 'Bearer ghp-config-secret-0001' }, call_price: '0.01', tool_prices: { search: '0.5' } });
    expect(local).toMatchObject({ name: 'local', transport: 'stdio', source: 'config', command: 'node', args: ['server.js'], env: { API_KEY: 'local-env-secret' } });
    const logged = await rows(store);
    expect(logged).toEqual([
      { actor: 'config', path: '[[mcp_servers]]', operation: 'mcp_server.create', target: 'github', detail: { transport: 'streamable_http', url: 'https://mcp.example.com/mcp' } },
      { actor: 'config', path: '[[mcp_servers]]', operation: 'mcp_server.create', target: 'local', detail: { transport: 'stdio', command: 'node' } },
    ]);
    expect(JSON.stringify(logged)).not.toContain('secret');
    expect(await start(store, configWith([GITHUB, LOCAL]))).toBe(0);
    expect(await rows(store)).toHaveLength(2);
  });

  it('updates what the file changed (names of fields only in the log), leaves enabled to the operator, deletes dropped config servers but never API ones', async () => {
    await start(store, configWith([GITHUB, LOCAL]));
    await store.mcpServers.update('github', { enabled: false });
    await store.mcpServers.create({ name: 'api-made', transport: 'sse', url: 'https://api-made/sse' });
    expect(await start(store, configWith([{ ...GITHUB, timeout_ms: 9000 }]), { GH_TOKEN: 'ghp-rotated-0002' })).toBe(2);
    const github = (await store.mcpServers.getWithSecrets('github'))!;
    expect(github).toMatchObject({ enabled: false, timeout_ms: 9000, headers: { Authorization: 'Bearer ghp-rotated-0002' } });
    expect((await store.mcpServers.list()).map((s) => [s.name, s.source])).toEqual([['api-made', 'api'], ['github', 'config']]);
    const logged = (await rows(store)).slice(2);
    expect(logged).toEqual([
      { actor: 'config', path: '[[mcp_servers]]', operation: 'mcp_server.update', target: 'github', detail: { changed: ['headers', 'timeout_ms'] } },
      { actor: 'config', path: '[[mcp_servers]]', operation: 'mcp_server.delete', target: 'local', detail: { transport: 'stdio', reason: 'no longer in the config file' } },
    ]);
  });

  it('takes over an API server of the same name', async () => {
    await store.mcpServers.create({ name: 'github', transport: 'sse', url: 'https://old/sse' });
    expect(await start(store, configWith([GITHUB]))).toBe(1);
    expect(await store.mcpServers.get('github')).toMatchObject({ source: 'config', transport: 'streamable_http', url: 'https://mcp.example.com/mcp' });
    expect((await rows(store))[0]).toMatchObject({ operation: 'mcp_server.update', detail: { changed: expect.arrayContaining(['transport', 'source', 'url', 'headers']), taken_over: true } });
  });
});

describe('[[mcp_servers]] checked before anything is written', () => {
  const failure = (entries: Record<string, unknown>[], env: NodeJS.ProcessEnv = ENV): StartupError => {
    try {
      planConfigMcpServers(configWith(entries), env);
    } catch (err) {
      expect(err).toBeInstanceOf(StartupError);
      return err as StartupError;
    }
    throw new Error('expected a StartupError');
  };

  it('names the entry and the problem', () => {
    expect(failure([GITHUB, { name: 'Bad_Name', url: 'https://x' }]).message).toMatch(/^config file mcp_servers\[1\] "Bad_Name": MCP server name "Bad_Name" must be/);
    expect(failure([{ name: 'nourl' }]).message).toBe('config file mcp_servers[0] "nourl": MCP server "nourl": url is required for the streamable_http and sse transports');
    expect(failure([{ name: 'cmd', transport: 'stdio' }]).message).toContain('mcp_servers[0] "cmd": MCP server "cmd": command is required');
    expect(failure([{ name: 'p', url: 'https://x', call_price: 'free' }]).message).toContain('call_price must be a non-negative decimal string');
    expect(failure([GITHUB], {}).message).toBe('config file mcp_servers[0] "github".bearer: environment variable GH_TOKEN is not set');
  });
});
