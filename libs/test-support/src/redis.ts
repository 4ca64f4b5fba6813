/**
 * Redis for tests: the server and database index come from TEST_REDIS_URL; tests keep their keys
 * under prefixes of their own and delete only those, never flushing the database.
 */

/** The Redis URL tests run against; throws with directions when none is configured. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('set TEST_REDIS_URL=redis://host:6379/<db> (for example the local Redis) to run these tests');
  return url;
}
