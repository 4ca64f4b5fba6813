import { TurnTally } from './turn-tally';

describe('TurnTally', () => {
  it('sends the increments of one turn once, summed per field, and settles every caller with that send', async () => {
    const sent: Record<string, number>[] = [];
    const tally = new TurnTally(async (sums) => {
      sent.push(Object.fromEntries(sums));
    });
    const first = [tally.add('1:ok'), tally.add('1:ok'), tally.add('2:fail', 3)];
    expect(sent).toEqual([]);
    await Promise.all(first);
    expect(sent).toEqual([{ '1:ok': 2, '2:fail': 3 }]);
    await tally.add('1:ok');
    expect(sent).toEqual([{ '1:ok': 2, '2:fail': 3 }, { '1:ok': 1 }]);
  });

  it('settles a caller only once the shared send is answered', async () => {
    let answer: (() => void) | undefined;
    const tally = new TurnTally(
      () =>
        new Promise<void>((resolve) => {
          answer = resolve;
        }),
    );
    let settled = false;
    const counted = tally.add('1:ok').then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    answer?.();
    await counted;
    expect(settled).toBe(true);
  });

  it('rejects every caller of a failed send; settled() never rejects', async () => {
    const tally = new TurnTally(async () => {
      throw new Error('redis down');
    });
    const a = tally.add('1:ok');
    const b = tally.add('1:fail');
    const settled = tally.settled();
    await expect(a).rejects.toThrow('redis down');
    await expect(b).rejects.toThrow('redis down');
    await expect(settled).resolves.toBeUndefined();
  });
});
