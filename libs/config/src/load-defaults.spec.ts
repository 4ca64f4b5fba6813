import { loadConfig } from './load';
import { removeTempDirs, tempDir } from '../test/load-helpers';

afterAll(removeTempDirs);

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
