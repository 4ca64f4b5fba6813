import { configSchema, parseDuration, parseSize } from './schema';

describe('parseDuration', () => {
  it.each([
    ['10m', 600_000],
    ['500ms', 500],
    ['30s', 30_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    [' 2m ', 120_000],
    [250, 250],
    [0, 0],
  ])('%p is %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['10', '10 m', 'ten minutes', '5d', '-1s', '', 'm'])('%p is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('rejects a negative number of milliseconds', () => {
    expect(parseDuration(-1)).toBeUndefined();
  });
});

describe('parseSize', () => {
  it.each([
    ['20mb', 20 * 1024 * 1024],
    ['512kb', 512 * 1024],
    ['1gb', 1024 ** 3],
    ['100b', 100],
    ['20MB', 20 * 1024 * 1024],
    [4096, 4096],
  ])('%p is %p bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['20', '20 megs', '1.5mb', 'mb', '20tb'])('%p is not a size', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });

  it('rejects zero and negative byte counts', () => {
    expect(parseSize(0)).toBeUndefined();
    expect(parseSize(-5)).toBeUndefined();
  });
});

describe('configSchema', () => {
  it('turns duration and size strings into numbers', () => {
    const config = configSchema.parse({ server: { upstream_timeout: '500ms', body_limit: '20mb' } });
    expect(config.server.upstream_timeout).toBe(500);
    expect(config.server.body_limit).toBe(20 * 1024 * 1024);
  });

  it('checks the metrics keys', () => {
    expect(configSchema.parse({ metrics: { token: 't', port: 9464 } }).metrics).toEqual({ token: 't', port: 9464 });
    expect(configSchema.safeParse({ metrics: { port: 70000 } }).success).toBe(false);
    expect(configSchema.safeParse({ metrics: { tokn: 'x' } }).success).toBe(false);
    expect(configSchema.safeParse({ server: { log_writer_port: -1 } }).success).toBe(false);
  });

  it('accepts the edges of the port range', () => {
    expect(configSchema.parse({ server: { port: 0, admin_port: 65535 } }).server).toMatchObject({ port: 0, admin_port: 65535 });
    expect(configSchema.safeParse({ server: { port: 65536 } }).success).toBe(false);
    expect(configSchema.safeParse({ server: { port: 80.5 } }).success).toBe(false);
  });

  it('accepts postgres and sqlite urls only', () => {
    expect(configSchema.safeParse({ database: { url: 'postgresql://h/db' } }).success).toBe(true);
    expect(configSchema.safeParse({ database: { url: 'sqlite::memory:' } }).success).toBe(true);
    expect(configSchema.safeParse({ database: { url: 'mysql://h/db' } }).success).toBe(false);
  });

  it('accepts a real IANA zone and rejects a made-up one', () => {
    expect(configSchema.parse({ logging: { timezone: 'Europe/Berlin' } }).logging.timezone).toBe('Europe/Berlin');
    expect(configSchema.safeParse({ logging: { timezone: 'Mars/Base' } }).success).toBe(false);
  });

  it('rejects a pretty flag that is neither a boolean nor a boolean word', () => {
    expect(configSchema.safeParse({ logging: { pretty: 'yes' } }).success).toBe(false);
  });

  it('caps limits.usage_ceiling at what an int32 request_logs count column holds', () => {
    expect(configSchema.parse({ limits: { usage_ceiling: 2147483647 } }).limits.usage_ceiling).toBe(2147483647);
    expect(configSchema.safeParse({ limits: { usage_ceiling: 2147483648 } }).success).toBe(false);
  });

  it('requires a three-letter upper-case currency', () => {
    expect(configSchema.parse({ billing: { currency: 'CNY' } }).billing.currency).toBe('CNY');
    expect(configSchema.safeParse({ billing: { currency: 'usd' } }).success).toBe(false);
  });
});
