import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisKeyHealthStorage } from './redis-key-health-storage';

function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('set TEST_REDIS_URL=redis://127.0.0.1:6379 (a Redis 6.2+ server) to run these tests');
  return url;
}

const quietLogger = { error: () => undefined, warn: () => undefined, info: () => undefined };

/** Commands fail at once until the connection is up (no offline queue): wait until one answers. */
async function connected(storage: RedisKeyHealthStorage): Promise<RedisKeyHealthStorage> {
  for (let i = 0; i < 100; i++) {
    try {
      await storage.readRecords([0]);
      return storage;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('redis not reachable');
}

describe('RedisKeyHealthStorage counts', () => {
  const url = testRedisUrl();
  const keyPrefix = `t-kh-${randomBytes(5).toString('hex')}:keys:`;
  let storage: RedisKeyHealthStorage;
  let reader: Redis;

  beforeAll(async () => {
    storage = await connected(new RedisKeyHealthStorage({ redisUrl: url, logger: quietLogger, keyPrefix }));
    reader = new Redis(url);
  });

  afterAll(async () => {
    await reader.del(`${keyPrefix}counts`);
    await storage.close();
    reader.disconnect();
  });

  it('has each count in Redis once its promise resolves, the counts of one turn written together', async () => {
    const counted = [storage.count(1, 'success'), storage.count(1, 'success'), storage.count(1, 'failure'), storage.count(2, 'success')];
    await counted[0];
    // The first caller's answer already sees the whole turn: one write per field carried them all.
    expect(await reader.hgetall(`${keyPrefix}counts`)).toEqual({ '1:ok': '2', '1:fail': '1', '2:ok': '1' });
    await Promise.all(counted);
    await storage.count(2, 'failure');
    const { counts } = await storage.read([1, 2, 3]);
    expect(Object.fromEntries(counts)).toEqual({ 1: { successes: 2, failures: 1 }, 2: { successes: 1, failures: 1 } });
  });

  it('sends the counts still waiting for their turn before it closes', async () => {
    const other = await connected(new RedisKeyHealthStorage({ redisUrl: url, logger: quietLogger, keyPrefix }));
    const counted = other.count(5, 'success');
    await other.close();
    await counted;
    expect(await reader.hget(`${keyPrefix}counts`, '5:ok')).toBe('1');
  });
});
