/**
 * Where the live health of upstream keys is kept: one record per key id. The proxy decides the
 * transitions (apps/proxy/src/keys); the admin API only reads records and clears one on enable.
 * Standalone keeps them in memory; distributed mode in Redis, so every proxy and the admin API see
 * the same record (see RedisKeyHealthStorage).
 */
export interface KeyHealthRecord {
  /** The key answered 401/403 saying it is invalid or has no quota (ms epoch, reason, scrubbed message). */
  invalid: { reason: string; message: string; at: number } | null;
  /** No request uses the key before this time (ms epoch; 0: not cooling). */
  cool_until: number;
  /** The last exponential cooling step (ms), doubled by the next 429 without retry-after. */
  cool_step_ms: number;
  /** Connection errors, timeouts and 5xx in a row. */
  consecutive_failures: number;
  /** The circuit breaker is open until this time (ms epoch; 0: closed). Past it, one probe request may go. */
  open_until: number;
  last_error: { message: string; at: number } | null;
  /** When the key's state last changed (ms epoch). */
  since: number;
}

export interface KeyHealthCounts {
  successes: number;
  failures: number;
}

export interface KeyHealthStorage {
  /** The records of these keys (absent: never failed) and their success/failure counts. */
  read(ids: readonly number[]): Promise<{ records: Map<number, KeyHealthRecord>; counts: Map<number, KeyHealthCounts> }>;
  /** The records alone (what the request path needs). */
  readRecords(ids: readonly number[]): Promise<Map<number, KeyHealthRecord>>;
  /** readRecords without a wait, for a storage that has them at hand (memory). */
  readRecordsNow?(ids: readonly number[]): Map<number, KeyHealthRecord>;
  /** Replaces a key's record with what `change` makes of the current one (undefined: delete it), atomically. */
  update(id: number, change: (current: KeyHealthRecord | undefined) => KeyHealthRecord | undefined): Promise<void>;
  /**
   * Counts one answered request of the key; resolves once the count is stored (Redis: with the
   * other counts of the same event-loop turn, in one write per field).
   */
  count(id: number, outcome: 'success' | 'failure'): Promise<void>;
  /** True for the one caller that may send the half-open probe of this key during the next `ttlMs`. */
  claimProbe(id: number, ttlMs: number): Promise<boolean>;
  /** Forgets the key's record (the operator re-enabled it); the counts stay. */
  clear(id: number): Promise<void>;
  close(): Promise<void>;
}

const COUNTED: Promise<void> = Promise.resolve();

/** Standalone: records in this process's memory. */
export class InMemoryKeyHealthStorage implements KeyHealthStorage {
  private readonly records = new Map<number, KeyHealthRecord>();
  private readonly counts = new Map<number, KeyHealthCounts>();
  private readonly probes = new Map<number, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(ids: readonly number[]) {
    const records = new Map<number, KeyHealthRecord>();
    const counts = new Map<number, KeyHealthCounts>();
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) records.set(id, record);
      const count = this.counts.get(id);
      if (count) counts.set(id, { ...count });
    }
    return { records, counts };
  }

  async readRecords(ids: readonly number[]): Promise<Map<number, KeyHealthRecord>> {
    return this.readRecordsNow(ids);
  }

  readRecordsNow(ids: readonly number[]): Map<number, KeyHealthRecord> {
    const records = new Map<number, KeyHealthRecord>();
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) records.set(id, record);
    }
    return records;
  }

  async update(id: number, change: (current: KeyHealthRecord | undefined) => KeyHealthRecord | undefined): Promise<void> {
    const next = change(this.records.get(id));
    if (next) this.records.set(id, next);
    else this.records.delete(id);
  }

  /** Not async: counted at once, so one settled promise serves every call. */
  count(id: number, outcome: 'success' | 'failure'): Promise<void> {
    const count = this.counts.get(id) ?? { successes: 0, failures: 0 };
    if (outcome === 'success') count.successes += 1;
    else count.failures += 1;
    this.counts.set(id, count);
    return COUNTED;
  }

  async claimProbe(id: number, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if ((this.probes.get(id) ?? 0) > now) return false;
    this.probes.set(id, now + ttlMs);
    return true;
  }

  async clear(id: number): Promise<void> {
    this.records.delete(id);
    this.probes.delete(id);
  }

  async close(): Promise<void> {}
}
