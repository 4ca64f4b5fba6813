import type { Redis } from 'ioredis';
import { closeRedisConnection, createRedisConnection, type RedisLogger } from '../redis/connection';
import type { KeyHealthCounts, KeyHealthRecord, KeyHealthStorage } from './key-health-storage';
import { TurnTally } from './turn-tally';

export interface RedisKeyHealthStorageOptions {
  redisUrl: string;
  logger: RedisLogger;
  /** RedisNamespace.keys of the deployment (`<prefix>:keys:`). */
  keyPrefix: string;
}

/** A record lives this long after its last change: long enough for any cooling or open breaker. */
const RECORD_TTL_SECONDS = 7 * 24 * 3600;
const MAX_UPDATE_TRIES = 10;

/**
 * Distributed mode: `<prefix>:keys:<id>` holds a key's record as JSON (updated under WATCH, so two
 * proxies never lose each other's change), `<prefix>:keys:counts` its success/failure counts
 * (`<id>:ok`, `<id>:fail`), `<prefix>:keys:probe:<id>` the claim of a half-open probe (SET NX PX).
 * Reads go out with the other commands of their event-loop turn in one socket write (ioredis
 * auto-pipelining). The counts of one event-loop turn share one HINCRBY per field (by their sum,
 * see TurnTally), and each count's promise settles with Redis' reply to it: a caller that awaits
 * it before answering (the proxy does) has its count in Redis before its answer leaves.
 */
export class RedisKeyHealthStorage implements KeyHealthStorage {
  private readonly redis: Redis;
  private readonly counts = new TurnTally((sums) => this.sendCounts(sums));

  constructor(private readonly options: RedisKeyHealthStorageOptions) {
    this.redis = createRedisConnection(options.redisUrl, {
      name: 'key-health',
      logger: options.logger,
      redis: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, enableAutoPipelining: true, autoPipeliningIgnoredCommands: ['hincrby'] },
    });
  }

  private recordKey(id: number): string {
    return `${this.options.keyPrefix}${id}`;
  }

  private get countsKey(): string {
    return `${this.options.keyPrefix}counts`;
  }

  async read(ids: readonly number[]) {
    const records = new Map<number, KeyHealthRecord>();
    const counts = new Map<number, KeyHealthCounts>();
    if (ids.length === 0) return { records, counts };
    const fields = ids.flatMap((id) => [`${id}:ok`, `${id}:fail`]);
    const [values, tallies] = await Promise.all([this.redis.mget(ids.map((id) => this.recordKey(id))), this.redis.hmget(this.countsKey, ...fields)]);
    ids.forEach((id, i) => {
      const text = values[i];
      if (text) records.set(id, JSON.parse(text) as KeyHealthRecord);
      const ok = tallies[2 * i];
      const fail = tallies[2 * i + 1];
      if (ok !== null || fail !== null) counts.set(id, { successes: Number(ok ?? 0), failures: Number(fail ?? 0) });
    });
    return { records, counts };
  }

  async readRecords(ids: readonly number[]): Promise<Map<number, KeyHealthRecord>> {
    const records = new Map<number, KeyHealthRecord>();
    if (ids.length === 0) return records;
    const values = await this.redis.mget(ids.map((id) => this.recordKey(id)));
    ids.forEach((id, i) => {
      const text = values[i];
      if (text) records.set(id, JSON.parse(text) as KeyHealthRecord);
    });
    return records;
  }

  async update(id: number, change: (current: KeyHealthRecord | undefined) => KeyHealthRecord | undefined): Promise<void> {
    const key = this.recordKey(id);
    // Its own connection would be needed for WATCH under concurrency; one duplicate per update is
    // cheap next to an upstream call, and updates happen only when a key's state changes.
    const conn = this.redis.duplicate({ enableOfflineQueue: true, enableAutoPipelining: false, connectionName: 'key-health-update' });
    try {
      for (let i = 0; i < MAX_UPDATE_TRIES; i++) {
        await conn.watch(key);
        const text = await conn.get(key);
        const next = change(text ? (JSON.parse(text) as KeyHealthRecord) : undefined);
        const multi = conn.multi();
        if (next) multi.set(key, JSON.stringify(next), 'EX', RECORD_TTL_SECONDS);
        else multi.del(key);
        if ((await multi.exec()) !== null) return;
      }
      throw new Error(`key health record ${id}: too many concurrent updates`);
    } finally {
      await closeRedisConnection(conn);
    }
  }

  count(id: number, outcome: 'success' | 'failure'): Promise<void> {
    return this.counts.add(`${id}:${outcome === 'success' ? 'ok' : 'fail'}`);
  }

  /** One turn's counts: one HINCRBY per field, each written at once (not auto-pipelined, which would wait another turn). */
  private async sendCounts(sums: ReadonlyMap<string, number>): Promise<void> {
    const key = this.countsKey;
    const writes: Promise<number>[] = [];
    for (const [field, n] of sums) writes.push(this.redis.hincrby(key, field, n));
    await Promise.all(writes);
  }

  async claimProbe(id: number, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.options.keyPrefix}probe:${id}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
  }

  async clear(id: number): Promise<void> {
    await this.redis.del(this.recordKey(id), `${this.options.keyPrefix}probe:${id}`);
  }

  async close(): Promise<void> {
    await this.counts.settled();
    await closeRedisConnection(this.redis);
  }
}
