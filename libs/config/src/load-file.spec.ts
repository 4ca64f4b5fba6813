import { join } from 'node:path';
import { findConfigPath, loadConfig } from './load';
import { configError, removeTempDirs, tempDir, writeConfig } from '../test/load-helpers';

afterAll(removeTempDirs);

describe('loadConfig from a TOML file', () => {
  const toml = [
    '[server]',
    'port = 9100',
    'upstream_timeout = "10m"',
    'body_limit = "5mb"',
    '',
    '[logging]',
    'timezone = "UTC"',
    'level = "debug"',
    'pretty = true',
    '',
    '[aliases]',
    '"gpt-fast" = "openai/gpt-4o-mini"',
    'claude = "anthropic/claude-sonnet-4"',
  ].join('\n');

  it('reads the file named by --config PATH', () => {
    const path = writeConfig(toml);
    const config = loadConfig({ argv: ['--config', path], env: {}, cwd: tempDir() });
    expect(config.server.port).toBe(9100);
    expect(config.server.upstream_timeout).toBe(600_000);
    expect(config.server.body_limit).toBe(5 * 1024 * 1024);
    expect(config.logging).toMatchObject({ timezone: 'UTC', level: 'debug', pretty: true });
    // Keys the file does not set keep their defaults.
    expect(config.server.admin_port).toBe(8081);
    expect(config.database.url).toBe('sqlite://data/aigw.db');
  });

  it('reads the file named by --config=PATH', () => {
    const path = writeConfig(toml);
    expect(loadConfig({ argv: [`--config=${path}`], env: {}, cwd: tempDir() }).server.port).toBe(9100);
  });

  it('parses the [aliases] table', () => {
    const path = writeConfig(toml);
    const config = loadConfig({ argv: ['--config', path], env: {}, cwd: tempDir() });
    expect(config.aliases).toEqual({ 'gpt-fast': 'openai/gpt-4o-mini', claude: 'anthropic/claude-sonnet-4' });
  });

  it('parses alias targets with priorities and weights, and [routing]', () => {
    const path = writeConfig(
      [
        '[routing]',
        'max_attempts = 2',
        'first_byte_timeout = "5s"',
        '',
        '[aliases]',
        'plain = "openai/gpt-4o-mini"',
        'smart = [{ model = "openai/gpt-4o", priority = 2, weight = 3 }, { model = "anthropic/claude-sonnet-4" }]',
      ].join('\n'),
    );
    const config = loadConfig({ argv: ['--config', path], env: {}, cwd: tempDir() });
    expect(config.routing).toMatchObject({ max_attempts: 2, first_byte_timeout: 5000 });
    expect(config.aliases).toEqual({
      plain: 'openai/gpt-4o-mini',
      smart: [
        { model: 'openai/gpt-4o', priority: 2, weight: 3 },
        { model: 'anthropic/claude-sonnet-4', priority: 0, weight: 1 },
      ],
    });
  });

  it('reads the file named by AIGW_CONFIG when there is no --config', () => {
    const path = writeConfig('[server]\nport = 9200\n');
    const config = loadConfig({ argv: [], env: { AIGW_CONFIG: path }, cwd: tempDir() });
    expect(config.server.port).toBe(9200);
  });

  it('prefers --config over AIGW_CONFIG', () => {
    const fromArg = writeConfig('[server]\nport = 9300\n');
    const fromEnv = writeConfig('[server]\nport = 9400\n');
    const config = loadConfig({ argv: ['--config', fromArg], env: { AIGW_CONFIG: fromEnv }, cwd: tempDir() });
    expect(config.server.port).toBe(9300);
  });

  it('reads ./aigw.toml in cwd when neither --config nor AIGW_CONFIG is given', () => {
    const path = writeConfig('[server]\nport = 9500\n', 'aigw.toml');
    const cwd = join(path, '..');
    expect(loadConfig({ argv: [], env: {}, cwd }).server.port).toBe(9500);
  });

  it('prefers AIGW_CONFIG over ./aigw.toml', () => {
    const local = writeConfig('[server]\nport = 9500\n', 'aigw.toml');
    const fromEnv = writeConfig('[server]\nport = 9600\n');
    const config = loadConfig({ argv: [], env: { AIGW_CONFIG: fromEnv }, cwd: join(local, '..') });
    expect(config.server.port).toBe(9600);
  });

  it('stops with a ConfigError naming the file when it does not exist', () => {
    const missing = join(tempDir(), 'missing.toml');
    const err = configError(() => loadConfig({ argv: ['--config', missing], env: {} }));
    expect(err.message).toContain(missing);
  });

  it('stops with a ConfigError naming the file when it is not valid TOML', () => {
    const path = writeConfig('[server\nport = = 1\n');
    const err = configError(() => loadConfig({ argv: ['--config', path], env: {} }));
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/not valid TOML/);
  });

  it('stops when --config has no path after it', () => {
    const err = configError(() => loadConfig({ argv: ['--config'], env: {} }));
    expect(err.message).toContain('--config');
  });
});

describe('findConfigPath', () => {
  it('is undefined when there is no flag, no AIGW_CONFIG and no ./aigw.toml', () => {
    expect(findConfigPath({ argv: [], env: {}, cwd: tempDir() })).toBeUndefined();
  });

  it('finds ./aigw.toml in cwd', () => {
    const path = writeConfig('', 'aigw.toml');
    expect(findConfigPath({ argv: [], env: {}, cwd: join(path, '..') })).toBe(path);
  });
});
