import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, envOverrides, findConfigPath, loadConfig, parseConfig } from './load';

const dirs: string[] = [];

/** A fresh temporary folder, removed after the test file. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-config-'));
  dirs.push(dir);
  return dir;
}

/** Writes `text` to `<fresh dir>/<name>` and returns the path. */
function writeConfig(text: string, name = 'custom.toml'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** Runs fn and returns the ConfigError it throws (fails the test when it throws nothing else). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig without a file', () => {
  it('returns the built-in defaults', () => {
    const config = loadConfig({ argv: [], env: {}, cwd: tempDir() });
    expect(config).toEqual({
      server: {
        host: '0.0.0.0',
        port: 8080,
        admin_port: 8081,
        log_writer_port: 8082,
        body_limit: 20 * 1024 * 1024,
        upstream_timeout: 600_000,
        upstream_body_limit: 32 * 1024 * 1024,
        headers_timeout: 60_000,
        request_timeout: 300_000,
        keep_alive_timeout: 65_000,
        max_connections: 10_000,
        json_max_depth: 64,
        shutdown_grace: 10_000,
      },
      database: { url: 'sqlite://data/aigw.db', schema: 'public', pool_max: 20 },
      queue: { redis_url: '', prefix: '', events_per_job: 50 },
      logging: { level: 'info', timezone: 'Asia/Shanghai', key_display: 'masked', pretty: false, retention_days: 90 },
      limits: { default_completion_cap: 4096, usage_ceiling: 10_000_000 },
      security: { secret: '', admin_token_sha256: '' },
      budget: { on_redis_outage: 'share' },
      routing: { breaker_failures: 5, breaker_open_seconds: 30, key_probe_seconds: 0, max_attempts: 3, first_byte_timeout: 30_000 },
      billing: { currency: 'USD' },
      telemetry: { otlp_endpoint: '', service_name: '' },
      metrics: { token: '', port: 0 },
      aliases: {},
      providers: [],
      mcp: { call_timeout: 30_000 },
      mcp_servers: [],
    });
  });

  it('takes the metrics keys from the environment', () => {
    const config = loadConfig({ argv: [], env: { AIGW_METRICS_TOKEN: 'scrape-me', AIGW_METRICS_PORT: '9464', AIGW_SERVER_LOG_WRITER_PORT: '9090' }, cwd: tempDir() });
    expect(config.metrics).toEqual({ token: 'scrape-me', port: 9464 });
    expect(config.server.log_writer_port).toBe(9090);
  });
});

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

describe('environment overrides', () => {
  it('AIGW_SERVER_PORT sets server.port as a number', () => {
    const config = loadConfig({ argv: [], env: { AIGW_SERVER_PORT: '9000' }, cwd: tempDir() });
    expect(config.server.port).toBe(9000);
  });

  it('AIGW_LOGGING_PRETTY=false turns pretty logs off, even when the file turns them on', () => {
    const path = writeConfig('[logging]\npretty = true\n');
    const config = loadConfig({ argv: ['--config', path], env: { AIGW_LOGGING_PRETTY: 'false' } });
    expect(config.logging.pretty).toBe(false);
  });

  it('AIGW_LOGGING_PRETTY=true and =1 turn pretty logs on, =0 off', () => {
    const cwd = tempDir();
    expect(loadConfig({ argv: [], env: { AIGW_LOGGING_PRETTY: 'true' }, cwd }).logging.pretty).toBe(true);
    expect(loadConfig({ argv: [], env: { AIGW_LOGGING_PRETTY: '1' }, cwd }).logging.pretty).toBe(true);
    expect(loadConfig({ argv: [], env: { AIGW_LOGGING_PRETTY: '0' }, cwd }).logging.pretty).toBe(false);
  });

  it('AIGW_DATABASE_URL replaces database.url from the file and keeps the rest of the section', () => {
    const path = writeConfig('[database]\nurl = "sqlite::memory:"\npool_max = 7\n');
    const env = { AIGW_DATABASE_URL: 'postgres://aigw:pw@db:5432/aigw' };
    const config = loadConfig({ argv: ['--config', path], env });
    expect(config.database.url).toBe('postgres://aigw:pw@db:5432/aigw');
    expect(config.database.pool_max).toBe(7);
  });

  it('keys with underscores reach the right field (AIGW_SERVER_BODY_LIMIT, AIGW_SERVER_UPSTREAM_TIMEOUT)', () => {
    const config = loadConfig({
      argv: [],
      env: { AIGW_SERVER_BODY_LIMIT: '512kb', AIGW_SERVER_UPSTREAM_TIMEOUT: '30s' },
      cwd: tempDir(),
    });
    expect(config.server.body_limit).toBe(512 * 1024);
    expect(config.server.upstream_timeout).toBe(30_000);
  });

  it('a bad env value stops with a ConfigError naming the key', () => {
    const err = configError(() => loadConfig({ argv: [], env: { AIGW_SERVER_PORT: 'http' }, cwd: tempDir() }));
    expect(err.message).toContain('server.port');
  });

  it('envOverrides ignores AIGW_CONFIG, unrelated variables and unknown sections', () => {
    expect(
      envOverrides({ AIGW_CONFIG: '/etc/aigw.toml', PATH: '/bin', AIGW_NOPE_X: '1', AIGW_QUEUE_REDIS_URL: 'redis://r:6379' }),
    ).toEqual({ queue: { redis_url: 'redis://r:6379' } });
  });
});

describe('bad values stop with a ConfigError naming the key', () => {
  function loadToml(text: string): ConfigError {
    const path = writeConfig(text);
    const err = configError(() => loadConfig({ argv: ['--config', path], env: {} }));
    expect(err.message).toContain(path);
    return err;
  }

  it('server.port above 65535', () => {
    expect(loadToml('[server]\nport = 70000\n').message).toContain('server.port');
  });

  it('a logging.timezone that is not an IANA zone', () => {
    const err = loadToml('[logging]\ntimezone = "Mars/Base"\n');
    expect(err.message).toContain('logging.timezone');
  });

  it('an unknown key in a section', () => {
    const err = loadToml('[server]\nnope = 1\n');
    expect(err.message).toContain('server.nope');
    expect(err.message).toContain('unknown key');
  });

  it('an unknown section', () => {
    expect(loadToml('[servers]\nport = 1\n').message).toContain('servers');
  });

  it('a duration that is not one', () => {
    const err = loadToml('[server]\nupstream_timeout = "ten minutes"\n');
    expect(err.message).toContain('server.upstream_timeout');
    expect(err.message).toContain('ten minutes');
  });

  it('a size that is not one', () => {
    expect(loadToml('[server]\nbody_limit = "20 megs"\n').message).toContain('server.body_limit');
  });

  it('a database url of an unsupported kind', () => {
    expect(loadToml('[database]\nurl = "mysql://x"\n').message).toContain('database.url');
  });

  it('an empty alias target', () => {
    expect(loadToml('[aliases]\nfast = ""\n').message).toContain('aliases.fast');
  });

  it('names every bad key at once', () => {
    const err = loadToml('[server]\nport = 70000\n[logging]\nlevel = "loud"\n');
    expect(err.message).toContain('server.port');
    expect(err.message).toContain('logging.level');
  });
});

describe('parseConfig', () => {
  it('names the source in its message', () => {
    const err = configError(() => parseConfig({ billing: { currency: 'dollars' } }, 'test source'));
    expect(err.message).toContain('test source');
    expect(err.message).toContain('billing.currency');
  });
});

describe('routing (key health)', () => {
  it('reads the breaker settings from the environment and refuses nonsense', () => {
    const config = loadConfig({ argv: [], env: { AIGW_ROUTING_BREAKER_FAILURES: '3', AIGW_ROUTING_BREAKER_OPEN_SECONDS: '1.5' }, cwd: tempDir() });
    expect(config.routing).toMatchObject({ breaker_failures: 3, breaker_open_seconds: 1.5, key_probe_seconds: 0 });
    expect(() => loadConfig({ argv: [], env: { AIGW_ROUTING_BREAKER_FAILURES: '0' }, cwd: tempDir() })).toThrow(/routing\.breaker_failures/);
  });
});

describe('budget', () => {
  it('reads on_redis_outage from the environment like every other section', () => {
    expect(loadConfig({ argv: [], env: { AIGW_BUDGET_ON_REDIS_OUTAGE: 'refuse' }, cwd: tempDir() }).budget.on_redis_outage).toBe('refuse');
  });
});
