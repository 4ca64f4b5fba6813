import { envOverrides, loadConfig } from './load';
import { configError, removeTempDirs, tempDir, writeConfig } from '../test/load-helpers';

afterAll(removeTempDirs);

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
