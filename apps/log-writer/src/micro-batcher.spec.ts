import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('hands over a batch when it is full, and the rest after the wait', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>({ handle: async (items) => void batches.push(items), batchSize: 3, waitMs: 20 });
    const done = [1, 2, 3, 4].map((n) => batcher.add(n));
    expect(batches).toEqual([[1, 2, 3]]);
    await Promise.all(done);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects only the callers whose items fail, after trying a failed batch item by item', async () => {
    const calls: number[][] = [];
    const errors: unknown[] = [];
    const batcher = new MicroBatcher<number>({
      handle: async (items) => {
        calls.push(items);
        if (items.includes(2)) throw new Error(`bad ${items.join(',')}`);
      },
      batchSize: 10,
      waitMs: 5,
      onBatchError: (err) => errors.push(err),
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('bad 2'));
    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(errors).toEqual([new Error('bad 1,2,3')]);
  });

  it('rejects every caller when the failure is not one item (each with its own attempt)', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<number>({
      handle: async () => {
        calls += 1;
        throw new Error('database down');
      },
      batchSize: 10,
      waitMs: 5,
    });
    const results = await Promise.allSettled([1, 2].map((n) => batcher.add(n)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(3);
  });

  it('flush hands over the open batch and waits for it', async () => {
    let handled: number[] = [];
    const batcher = new MicroBatcher<number>({
      handle: async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        handled = items;
      },
      batchSize: 10,
      waitMs: 10_000,
    });
    const added = batcher.add(7);
    await batcher.flush();
    expect(handled).toEqual([7]);
    await added;
  });

  it('addAll settles once every item of the call is handled, across batches', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>({ handle: async (items) => void batches.push(items), batchSize: 3, waitMs: 20 });
    let settled = false;
    const first = batcher.addAll([1, 2]);
    const second = batcher.addAll([3, 4, 5, 6, 7]).then(() => (settled = true));
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await first;
    expect(settled).toBe(false);
    await second;
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    await expect(batcher.addAll([])).resolves.toBeUndefined();
  });

  it('addAll rejects with the error of an item that failed, and the other calls still resolve', async () => {
    const batcher = new MicroBatcher<number>({
      handle: async (items) => {
        if (items.includes(2)) throw new Error(`bad ${items.join(',')}`);
      },
      batchSize: 10,
      waitMs: 5,
    });
    const results = await Promise.allSettled([batcher.addAll([1, 2, 3]), batcher.addAll([4, 5])]);
    expect(results[0]).toEqual({ status: 'rejected', reason: new Error('bad 2') });
    expect(results[1]).toEqual({ status: 'fulfilled', value: undefined });
  });
});
