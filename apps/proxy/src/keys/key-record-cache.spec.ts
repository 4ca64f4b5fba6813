import { InMemoryKeyHealthStorage, InProcessChangeBus, type KeyHealthRecord } from '@aigw/events';
import { KeyRecordCache } from './key-record-cache';

const record = (since: number): KeyHealthRecord => ({ invalid: null, cool_until: since + 5000, cool_step_ms: 1000, consecutive_failures: 0, open_until: 0, last_error: null, since });

function setup() {
  let now = 1_000_000;
  const storage = new InMemoryKeyHealthStorage(() => now);
  let reads = 0;
  const counted = Object.assign(Object.create(storage) as InMemoryKeyHealthStorage, {
    readRecords: (ids: readonly number[]) => {
      reads += 1;
      return storage.readRecords(ids);
    },
  });
  const bus = new InProcessChangeBus();
  const cache = new KeyRecordCache(counted, bus, () => now, 1000);
  return { storage, bus, cache, reads: () => reads, advance: (ms: number) => (now += ms) };
}

describe('KeyRecordCache', () => {
  it('answers from memory until a key-health notice names the key, then reads it again', async () => {
    const { storage, bus, cache, reads } = setup();
    expect((await cache.read([1, 2])).size).toBe(0);
    await storage.update(1, () => record(1));
    expect((await cache.read([1, 2])).size).toBe(0);
    expect(reads()).toBe(1);
    await bus.publish({ type: 'key-health', key_ids: [1] });
    expect([...(await cache.read([1, 2])).keys()]).toEqual([1]);
    expect(reads()).toBe(2);
    await cache.read([1, 2]);
    expect(reads()).toBe(2);
  });

  it('a config notice drops every entry; an entry past its age is read again', async () => {
    const { storage, bus, cache, reads, advance } = setup();
    await cache.read([1]);
    await storage.update(1, () => record(1));
    await bus.publish({ type: 'config', what: 'keys' });
    expect((await cache.read([1])).get(1)).toEqual(record(1));
    await storage.clear(1);
    advance(999);
    expect((await cache.read([1])).get(1)).toEqual(record(1));
    advance(1);
    expect((await cache.read([1])).size).toBe(0);
    expect(reads()).toBe(3);
  });

  it('a read in flight when a notice comes is answered but not kept', async () => {
    const { storage, cache, reads } = setup();
    const pending = cache.read([1]);
    cache.forget([1]);
    await pending;
    await storage.update(1, () => record(1));
    expect((await cache.read([1])).get(1)).toEqual(record(1));
    expect(reads()).toBe(2);
  });
});
