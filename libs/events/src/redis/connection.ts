import type { Redis, RedisOptions } from 'ioredis';
import { ioredis } from './lazy-modules';

/** The logging the Redis adapters need; a pino logger fits. */
export interface RedisLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/**
 * Logs an error at most once per window for the same message: while Redis is down, ioredis reports
 * the same ECONNREFUSED at every reconnect attempt and the log would fill with copies.
 */
export function throttledErrorLog(
  logger: RedisLogger,
  msg: string,
  windowMs = 30_000,
): (err: Error) => void {
  const lastLogged = new Map<string, number>();
  return (err: Error) => {
    const now = Date.now();
    const last = lastLogged.get(err.message);
    if (last !== undefined && now - last < windowMs) return;
    lastLogged.set(err.message, now);
    logger.error({ err }, msg);
  };
}

export interface RedisConnectionOptions {
  /** Shown by CLIENT LIST and in log lines; never the URL (it may carry a password). */
  name: string;
  logger: RedisLogger;
  /** ioredis options; they win over the defaults below. */
  redis?: RedisOptions;
}

/**
 * An ioredis connection that reconnects forever (200 ms, 400 ms, ... capped at 2 s) and logs its
 * errors (throttled). Callers choose the failure behaviour of commands: producers
 * `enableOfflineQueue: false, maxRetriesPerRequest: 1`, BullMQ workers `maxRetriesPerRequest: null`.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions): Redis {
  const client = new (ioredis().Redis)(url, {
    connectionName: options.name,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // A socket that never connected does not close on end(); ioredis then waits this long (default
    // 2 s) before destroying it, which holds up process exit.
    disconnectTimeout: 500,
    ...options.redis,
  });
  client.on('error', throttledErrorLog(options.logger, `redis connection ${options.name}: error`));
  return client;
}

/** QUIT when connected (pending replies arrive first), else drop the socket; never throws. */
export async function closeRedisConnection(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // The connection broke while quitting: dropping it below is all that is left to do.
    }
  }
  client.disconnect();
}
