import type { ChangeBus, KeyHealthRecord, KeyHealthStorage } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import type { ProviderKeyWithSecret } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import { KeyRecordCache } from './key-record-cache';
import { applyOutcome, availability, type BreakerSettings, type KeyOutcome } from './key-state';

export interface KeyHealthOptions {
  storage: KeyHealthStorage;
  breaker: BreakerSettings;
  logger: Logger;
  /** Told once when a key becomes invalid (the database row and the admin_logs row). */
  onInvalid: (key: ProviderKeyWithSecret, provider: string, reason: string, message: string) => Promise<void>;
  /** How long a claimed half-open probe keeps others off the key (the upstream timeout). */
  probeTtlMs: number;
  /**
   * Where record changes are announced. With it the records are cached in the process (see
   * KeyRecordCache) and each change this proxy makes is announced; without it every request
   * reads the storage.
   */
  bus?: ChangeBus;
  now?: () => number;
}

/**
 * Key health (README, Key health): which of a provider's keys may be used now, and what each
 * answer says about its key. Records live in the storage (memory or Redis), so in distributed mode
 * one proxy's discovery protects the others. When the storage cannot be read every key is tried,
 * as before key health existed: an outage of Redis must not stop the traffic.
 */
/** What one look at a provider's keys found: the usable ones (those due a probe among them) and, for a refusal, the soonest retry. */
interface KeyScan {
  usable: ProviderKeyWithSecret[];
  probes: number;
  soonest: number;
  cooling: boolean;
}

export class KeyHealth {
  private readonly now: () => number;
  private storageDown = false;
  /** Each key's record as last read: a success that changes nothing in it writes nothing. */
  private readonly lastRead = new Map<number, KeyHealthRecord>();
  private readonly cache: KeyRecordCache | undefined;

  constructor(private readonly options: KeyHealthOptions) {
    this.now = options.now ?? Date.now;
    this.cache = options.bus ? new KeyRecordCache(options.storage, options.bus, this.now) : undefined;
  }

  /**
   * The keys that may be used now, in pool order. None: 429 `upstream_rate_limited` with the
   * soonest retry-after when a key cools, else 503 `no_upstream_key` (every key invalid or its
   * breaker open), so a caller with fallbacks moves on to another provider.
   */
  async usable(provider: string, keys: readonly ProviderKeyWithSecret[]): Promise<ProviderKeyWithSecret[]> {
    if (keys.length === 0) return [];
    const records = await this.readRecords(keys.map((k) => k.id));
    if (!records) return [...keys];
    const now = this.now();
    const scan = this.scan(keys, records, now);
    if (scan.probes > 0) await this.claimProbes(scan, now);
    return this.answer(provider, scan, now);
  }

  /**
   * usable without a wait, when its answer is known at once: the records are in the process cache
   * (or the storage is in memory) and no key is due its half-open probe. Undefined: ask usable.
   * The common request picks its keys without a promise.
   */
  usableNow(provider: string, keys: readonly ProviderKeyWithSecret[]): ProviderKeyWithSecret[] | undefined {
    if (keys.length === 0) return [];
    if (this.storageDown) return undefined;
    const ids = keys.map((k) => k.id);
    const records = this.cache ? this.cache.readNow(ids) : this.options.storage.readRecordsNow?.(ids);
    if (!records) return undefined;
    const now = this.now();
    const scan = this.scan(keys, records, now);
    return scan.probes > 0 ? undefined : this.answer(provider, scan, now);
  }

  /** Each key's availability by its record, in pool order; a key due its probe is kept as a candidate and counted. */
  private scan(keys: readonly ProviderKeyWithSecret[], records: Map<number, KeyHealthRecord>, now: number): KeyScan {
    const scan: KeyScan = { usable: [], probes: 0, soonest: Infinity, cooling: false };
    for (const key of keys) {
      const record = records.get(key.id);
      if (record) this.lastRead.set(key.id, record);
      else this.lastRead.delete(key.id);
      const state = availability(record, now);
      if (state.usable) {
        if (state.probe) scan.probes++;
        scan.usable.push(key);
        continue;
      }
      if (state.why === 'invalid') continue;
      if (state.why === 'cooling') scan.cooling = true;
      scan.soonest = Math.min(scan.soonest, state.until);
    }
    return scan;
  }

  /** Claims the probes of the keys that are due one, in pool order; a key another request probes is dropped. */
  private async claimProbes(scan: KeyScan, now: number): Promise<void> {
    const kept: ProviderKeyWithSecret[] = [];
    for (const key of scan.usable) {
      const due = availability(this.lastRead.get(key.id), now);
      if (!due.usable || !due.probe || (await this.claimProbe(key.id))) kept.push(key);
      else scan.soonest = Math.min(scan.soonest, now + 1000);
    }
    scan.usable = kept;
  }

  private answer(provider: string, scan: KeyScan, now: number): ProviderKeyWithSecret[] {
    if (scan.usable.length > 0) return scan.usable;
    return this.refuse(provider, scan.soonest, now, scan.cooling);
  }

  /** No key may be used: 429 when one cools, else 503, with the soonest retry-after. */
  private refuse(provider: string, soonest: number, now: number, cooling: boolean): never {
    const headers = Number.isFinite(soonest) ? { 'retry-after': String(Math.max(1, Math.ceil((soonest - now) / 1000))) } : undefined;
    if (cooling) {
      throw new GatewayError('upstream_rate_limited', `every key of provider "${provider}" is rate limited; retry after ${headers?.['retry-after']} s`, { headers });
    }
    throw new GatewayError('no_upstream_key', `provider "${provider}" has no usable upstream key (every key is invalid or its circuit breaker is open)`, { headers });
  }

  /**
   * Records what an exchange said about its key; a new invalid key is told to onInvalid once.
   * Resolves once the outcome is counted in the storage (Redis: in the write the counts of this
   * event-loop turn share), so a caller that awaits it answers only after its count is stored.
   */
  async report(key: ProviderKeyWithSecret, provider: string, outcome: KeyOutcome): Promise<void> {
    try {
      await this.options.storage.count(key.id, outcome.kind === 'success' ? 'success' : 'failure');
      const now = this.now();
      if (outcome.kind === 'success') {
        // The hot path: most successes leave the record as it was (or there is none to update).
        const seen = this.lastRead.get(key.id);
        if (!seen || applyOutcome(seen, outcome, now, this.options.breaker) === seen) return;
      }
      let becameInvalid = false;
      try {
        await this.options.storage.update(key.id, (current) => {
          becameInvalid = outcome.kind === 'invalid' && !current?.invalid;
          return applyOutcome(current, outcome, now, this.options.breaker);
        });
      } finally {
        this.cache?.forget([key.id]);
      }
      await this.announce(key.id);
      if (becameInvalid && outcome.kind === 'invalid') {
        this.options.logger.warn({ provider, keyId: key.id, key: key.key_hint, reason: outcome.reason }, 'upstream key marked invalid');
        await this.options.onInvalid(key, provider, outcome.reason, outcome.message);
      }
    } catch (err) {
      this.options.logger.error({ err, provider, keyId: key.id }, 'key health: could not record an outcome');
    }
  }

  /** The other proxies' copies of the record are stale: they read it again (publish never throws). */
  private async announce(id: number): Promise<void> {
    if (this.cache && this.options.bus) await this.options.bus.publish({ type: 'key-health', key_ids: [id] });
  }

  /** Stops listening for change notices. */
  close(): void {
    this.cache?.close();
  }

  private async readRecords(ids: number[]): Promise<Map<number, KeyHealthRecord> | undefined> {
    try {
      const records = this.cache ? await this.cache.read(ids) : await this.options.storage.readRecords(ids);
      if (this.storageDown) this.options.logger.info('key health: storage answers again');
      this.storageDown = false;
      return records;
    } catch (err) {
      if (!this.storageDown) this.options.logger.error({ err }, 'key health: storage unreadable; every key is tried until it answers');
      this.storageDown = true;
      return undefined;
    }
  }

  private async claimProbe(id: number): Promise<boolean> {
    try {
      return await this.options.storage.claimProbe(id, this.options.probeTtlMs);
    } catch {
      return true;
    }
  }
}
