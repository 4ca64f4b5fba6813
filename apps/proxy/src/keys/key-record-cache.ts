import type { ChangeBus, KeyHealthRecord, KeyHealthStorage } from '@aigw/events';

/** A cached record is read again after this long even when no notice came (a notice Redis lost). */
export const KEY_RECORD_MAX_AGE_MS = 1000;

interface Entry {
  record: KeyHealthRecord | undefined;
  at: number;
}

/**
 * This proxy's copy of the key-health records it read, so a request reads no storage while nothing
 * changed. Every change of a record is followed by a `key-health` notice on the change bus (and a
 * `config` notice when an operator or the probe re-activates a key): each proxy drops the entries
 * it hears about, and its next request reads them again. Redis writes a notice to the other
 * proxies in the same turn as its reply to the publisher, whose request answers only after that
 * reply, so a key one proxy marked is skipped by the others from their next request on; an entry older than KEY_RECORD_MAX_AGE_MS is read again in
 * any case. Times inside a record (cooling, open breaker) are compared with the clock on each use,
 * so a cached record expires its marks on time.
 */
export class KeyRecordCache {
  private readonly entries = new Map<number, Entry>();
  /** Bumped by every invalidation: a read that was in flight meanwhile is not kept. */
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly storage: KeyHealthStorage,
    bus: ChangeBus,
    private readonly now: () => number,
    private readonly maxAgeMs = KEY_RECORD_MAX_AGE_MS,
  ) {
    this.unsubscribe = bus.subscribe((message) => {
      if (message.type === 'key-health') this.forget(message.key_ids);
      else if (message.type === 'config') this.forget();
    });
  }

  /** The records of these keys (absent: never failed); rejects when the storage cannot be read. */
  async read(ids: readonly number[]): Promise<Map<number, KeyHealthRecord>> {
    const now = this.now();
    const records = new Map<number, KeyHealthRecord>();
    let missing: number[] | undefined;
    for (const id of ids) {
      const entry = this.freshEntry(id, now);
      if (entry) {
        if (entry.record) records.set(id, entry.record);
      } else (missing ??= []).push(id);
    }
    if (!missing) return records;
    const generation = this.generation;
    const read = await this.storage.readRecords(missing);
    const keep = generation === this.generation;
    for (const id of missing) {
      const record = read.get(id);
      if (record) records.set(id, record);
      if (keep) this.entries.set(id, { record, at: now });
    }
    return records;
  }

  /** The records of these keys when every entry is fresh, without a wait; undefined when one must be read. */
  readNow(ids: readonly number[]): Map<number, KeyHealthRecord> | undefined {
    const now = this.now();
    const records = new Map<number, KeyHealthRecord>();
    for (const id of ids) {
      const entry = this.freshEntry(id, now);
      if (!entry) return undefined;
      if (entry.record) records.set(id, entry.record);
    }
    return records;
  }

  /** A key's entry while it is younger than the fallback re-read age. */
  private freshEntry(id: number, now: number): Entry | undefined {
    const entry = this.entries.get(id);
    return entry && now - entry.at < this.maxAgeMs ? entry : undefined;
  }

  /** Drops these keys' entries (every entry without ids). */
  forget(ids?: readonly number[]): void {
    this.generation += 1;
    if (!ids) this.entries.clear();
    else for (const id of ids) this.entries.delete(id);
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
  }
}
