import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load';
import { resolveMcpServerSecrets } from './mcp';

const dir = mkdtempSync(join(tmpdir(), 'aigw-mcp-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(toml: string, env: NodeJS.ProcessEnv = {}) {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(path, toml);
  return loadConfig({ argv: ['--config', path], env, cwd: dir });
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, nothing was thrown');
}

const SERVERS = `
[mcp]
call_timeout = "10s"

[[mcp_servers]]
name = "github"
url = "https://mcp.example.com/mcp"
bearer = "env:GH_TOKEN"
headers = { "X-Team" = "platform" }
call_price = 0.01
tool_prices = { search = "0.5" }
timeout_ms = 5000

[[mcp_servers]]
name = "local"
transport = "stdio"
command = "node"
args = ["server.js"]
env = { API_KEY = "env:LOCAL_KEY", MODE = "quiet" }
`;

describe('[[mcp_servers]] and [mcp] in the config file', () => {
  it('reads the entries with defaults and the call timeout in ms', () => {
    const config = load(SERVERS);
    expect(config.mcp.call_timeout).toBe(10_000);
    expect(config.mcp_servers).toEqual([
      { name: 'github', transport: 'streamable_http', url: 'https://mcp.example.com/mcp', bearer: 'env:GH_TOKEN', headers: { 'X-Team': 'platform' }, call_price: '0.01', tool_prices: { search: '0.5' }, timeout_ms: 5000 },
      { name: 'local', transport: 'stdio', command: 'node', args: ['server.js'], env: { API_KEY: 'env:LOCAL_KEY', MODE: 'quiet' } },
    ]);
    expect(load('').mcp).toEqual({ call_timeout: 30_000 });
    expect(load('').mcp_servers).toEqual([]);
    expect(load('', { AIGW_MCP_CALL_TIMEOUT: '2s' }).mcp.call_timeout).toBe(2000);
  });

  it('reads env: values, folding the bearer into Authorization, and names each missing variable', () => {
    const config = load(SERVERS);
    const resolved = resolveMcpServerSecrets(config.mcp_servers, { GH_TOKEN: 'ghp_secret', LOCAL_KEY: 'k-1' });
    expect(resolved[0]).toMatchObject({ headers: { 'X-Team': 'platform', Authorization: 'Bearer ghp_secret' } });
    expect(resolved[0]).not.toHaveProperty('bearer');
    expect(resolved[1]).toMatchObject({ env: { API_KEY: 'k-1', MODE: 'quiet' } });
    expect(resolved[1]).not.toHaveProperty('headers');
    const message = failure(() => resolveMcpServerSecrets(config.mcp_servers, { GH_TOKEN: 'x' }));
    expect(message).toBe('mcp_servers[1] "local".env.API_KEY: environment variable LOCAL_KEY is not set');
  });

  it('refuses a bad entry naming it', () => {
    const twice = failure(() => load('[[mcp_servers]]\nname = "a"\nurl = "http://x"\n[[mcp_servers]]\nname = "a"\nurl = "http://y"\n'));
    expect(twice).toContain('mcp_servers[1] "a".name: "a" is declared twice');
    expect(failure(() => load('[[mcp_servers]]\nname = "a"\nwhat = 1\n'))).toContain('mcp_servers[0] "a".what: unknown key');
    expect(failure(() => load('[[mcp_servers]]\nname = "a"\ntransport = "ws"\n'))).toContain('mcp_servers[0] "a".transport');
    const both = failure(() => load('[[mcp_servers]]\nname = "a"\nbearer = "x"\nheaders = { authorization = "y" }\n'));
    expect(both).toContain('either bearer or an Authorization header');
    expect(() => load('[mcp]\ncall_timeout = "soon"\n')).toThrow(ConfigError);
  });
});
