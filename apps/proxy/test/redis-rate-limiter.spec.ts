import { randomUUID } from 'node:crypto';
import { freePort, testRedisUrl } from '@aigw/test-support';
import { createLogger } from '@aigw/telemetry';
import { LIMIT_WINDOW_MS, type TokenLimits } from '../src/limits/rate-limiter';
import { RedisRateLimiter } from '../src/limits/redis-rate-limiter';

const logger = createLogger({ level: 'silent', timezone: 'UTC' });
const none: TokenLimits = { rpm: null, tpm: null, concurrency: null };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RedisRateLimiter (real Redis)', () => {
  const limiters: RedisRateLimiter[] = [];
  const make = (options: { prefix?: string; url?: string; onRedisOutage?: 'share' | 'refuse'; live?: number } = {}) => {
    const l = new RedisRateLimiter({
      redisUrl: options.url ?? testRedisUrl(),
      logger,
      keyPrefix: options.prefix ?? `t:${randomUUID()}:limits:`,
      onRedisOutage: options.onRedisOutage,
      liveProxies: () => options.live ?? 1,
    });
    limiters.push(l);
    return l;
  };
  const ready = async (...ls: RedisRateLimiter[]) => {
    for (const l of ls) expect(await l.waitReady()).toBe(true);
  };
  afterAll(async () => {
    for (const l of limiters) await l.close();
  });

  it('two proxies x 50 concurrent checks against 30 rpm: exactly 30 admitted, the rest told the wait to the oldest entry', async () => {
    const prefix = `t:${randomUUID()}:limits:`;
    const [a, b] = [make({ prefix }), make({ prefix })];
    await ready(a, b);
    const start = Date.now();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).admit(5, { ...none, rpm: 30 }, 0, `r${i}`)));
    const elapsed = Date.now() - start;
    expect(results.filter((r) => r.admission).length).toBe(30);
    const refused = results.filter((r) => !r.admission);
    expect(refused.length).toBe(70);
    for (const r of refused) {
      expect(r.outcome.retryAfterMs).toBeLessThanOrEqual(LIMIT_WINDOW_MS);
      expect(r.outcome.retryAfterMs).toBeGreaterThanOrEqual(LIMIT_WINDOW_MS - elapsed - 5);
      expect(r.outcome.requests).toMatchObject({ limit: 30, remaining: 0 });
    }
  });

  it('the wait shrinks with the time the oldest entry has spent in the window', async () => {
    const limiter = make();
    await ready(limiter);
    expect((await limiter.admit(1, { ...none, rpm: 1 }, 0, 'a')).outcome.requests).toEqual({ limit: 1, remaining: 0, resetMs: LIMIT_WINDOW_MS });
    await sleep(400);
    const { outcome } = await limiter.admit(1, { ...none, rpm: 1 }, 0, 'b');
    expect(outcome.admitted).toBe(false);
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(LIMIT_WINDOW_MS - 400);
    expect(outcome.retryAfterMs).toBeGreaterThan(LIMIT_WINDOW_MS - 500);
  });

  it('holds the token estimate and counts the actual usage once settled', async () => {
    const limiter = make();
    await ready(limiter);
    const limits = { ...none, tpm: 1000 };
    const first = await limiter.admit(2, limits, 600, 'a');
    expect(first.outcome.tokens).toMatchObject({ limit: 1000, remaining: 400 });
    expect((await limiter.admit(2, limits, 600, 'b')).outcome).toMatchObject({ admitted: false, tokens: { remaining: 400 } });
    await limiter.settle(first.admission!, 100);
    expect((await limiter.admit(2, limits, 600, 'c')).outcome).toMatchObject({ admitted: true, tokens: { remaining: 300 } });
  });

  it('peek shows the limits as they stand and counts nothing', async () => {
    const limiter = make();
    await ready(limiter);
    const limits = { rpm: 2, tpm: 1000, concurrency: null };
    expect(await limiter.peek(7, limits)).toEqual({ requests: { limit: 2, remaining: 2, resetMs: LIMIT_WINDOW_MS }, tokens: { limit: 1000, remaining: 1000, resetMs: LIMIT_WINDOW_MS } });
    await limiter.admit(7, limits, 300, 'a');
    for (let i = 0; i < 3; i++) expect(await limiter.peek(7, limits)).toMatchObject({ requests: { remaining: 1 }, tokens: { remaining: 700 } });
    expect((await limiter.admit(7, limits, 300, 'b')).outcome).toMatchObject({ admitted: true, requests: { remaining: 0 }, tokens: { remaining: 400 } });
    expect(await limiter.peek(7, limits)).toMatchObject({ requests: { remaining: 0 } });
  });

  it('peek with redis down shows nothing', async () => {
    const limiter = make({ url: `redis://127.0.0.1:${await freePort()}`, live: 1 });
    expect(await limiter.peek(8, { rpm: 2, tpm: null, concurrency: null })).toEqual({});
  });

  it('frees a concurrency slot when the request ends', async () => {
    const limiter = make();
    await ready(limiter);
    const limits = { ...none, concurrency: 1 };
    const a = await limiter.admit(3, limits, 0, 'a');
    expect((await limiter.admit(3, limits, 0, 'b')).outcome).toMatchObject({ admitted: false, retryAfterMs: 1000 });
    await limiter.settle(a.admission!, 0);
    expect((await limiter.admit(3, limits, 0, 'c')).admission).toBeDefined();
  });

  it('redis down, share: each proxy admits its share of the limit (limit / live proxies)', async () => {
    const limiter = make({ url: `redis://127.0.0.1:${await freePort()}`, live: 2 });
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await limiter.admit(4, { ...none, rpm: 10 }, 0, `r${i}`));
    expect(results.filter((r) => r.admission).length).toBe(5);
  });

  it('redis down, refuse: a limited token is refused with rate_limit_unavailable', async () => {
    const limiter = make({ url: `redis://127.0.0.1:${await freePort()}`, onRedisOutage: 'refuse' });
    await expect(limiter.admit(4, { ...none, rpm: 10 }, 0, 'x')).rejects.toMatchObject({ code: 'rate_limit_unavailable', status: 503 });
  });
});
