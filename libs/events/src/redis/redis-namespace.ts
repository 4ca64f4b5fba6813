import { randomBytes } from 'node:crypto';

/** The settings row that keeps the id minted for this deployment (its database) once. */
export const DEPLOYMENT_ID_SETTING = 'deployment_id';

/** The part of the store's settings the namespace needs (structural: this library has no store). */
export interface SettingsGetOrCreate {
  getOrCreate(name: string, make: () => string): Promise<string>;
}

/**
 * Where one deployment's data lives in a Redis shared with others: every key and channel starts with
 * `prefix`. Two deployments (two databases) get two deployment ids, so they never see each other's
 * budgets, change notices or usage jobs, and a recreated database starts with no old holds.
 */
export interface RedisNamespace {
  readonly prefix: string;
  /** Budget ledger keys (see budget-keys.ts). */
  readonly budget: string;
  /** Per-token rate limit keys (apps/proxy/src/limits/redis-limit-script.ts). */
  readonly limits: string;
  /** Live health of upstream keys (see key-health/redis-key-health-storage.ts). */
  readonly keys: string;
  /** Pub/sub channel of change notices. */
  readonly changes: string;
  /** BullMQ's key prefix (BullMQ appends `:<queue>:...`). */
  readonly queue: string;
}

export function redisNamespace(prefix: string): RedisNamespace {
  return { prefix, budget: `${prefix}:budget:`, limits: `${prefix}:limits:`, keys: `${prefix}:keys:`, changes: `${prefix}:changes`, queue: `${prefix}:bull` };
}

/** `queue.prefix` when configured, else `aigw:<deployment_id>` with the id minted once in settings. */
export async function resolveRedisNamespace(settings: SettingsGetOrCreate, configuredPrefix: string): Promise<RedisNamespace> {
  if (configuredPrefix) return redisNamespace(configuredPrefix);
  const id = await settings.getOrCreate(DEPLOYMENT_ID_SETTING, () => randomBytes(8).toString('hex'));
  return redisNamespace(`aigw:${id}`);
}
