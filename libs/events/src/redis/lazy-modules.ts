import type * as BullMq from 'bullmq';
import type * as IoRedis from 'ioredis';

/*
 * bullmq and ioredis are required when first used rather than when this library loads: the
 * standalone gateway never talks to Redis and so does not carry them (some 40 MB of RSS).
 */

export function bullmq(): typeof BullMq {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('bullmq') as typeof BullMq;
}

export function ioredis(): typeof IoRedis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ioredis') as typeof IoRedis;
}
