// The bench's Redis hygiene: it uses the database TEST_REDIS_URL names and a key prefix of its own
// per run, and deletes only keys under that prefix (never a flush: the database may hold others').
import { randomBytes } from 'node:crypto';

/** A fresh prefix for one run's keys (queue.prefix of the gateway, the BullMQ prefix of the drain). */
export function benchPrefix() {
  return `bench-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `${prefix}:`. */
export async function dropKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
