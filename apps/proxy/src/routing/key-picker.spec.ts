import { stateOf } from '../../test/test-state';
import { keysToTry } from './key-picker';

function picks(strategy: 'first' | 'round_robin' | 'random', keys: string[], times: number): string[][] {
  const state = stateOf({ providers: [{ name: 'p', strategy, keys }] });
  const entry = state.providers.get('p')!;
  return Array.from({ length: times }, () => keysToTry(entry).map((k) => k.key));
}

describe('keysToTry', () => {
  it('first: always starts with the first key, then fails over in order', () => {
    expect(picks('first', ['a', 'b', 'c', 'd'], 2)).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });

  it('round_robin: rotates the starting key', () => {
    expect(picks('round_robin', ['a', 'b', 'c'], 4).map((o) => o[0])).toEqual(['a', 'b', 'c', 'a']);
  });

  it('random: starts anywhere but still tries distinct keys', () => {
    const runs = picks('random', ['a', 'b', 'c'], 60);
    expect(new Set(runs.map((o) => o[0])).size).toBeGreaterThan(1);
    for (const o of runs) expect(new Set(o).size).toBe(3);
  });

  it('answers no_upstream_key when the pool is empty', () => {
    expect(() => picks('first', [], 1)).toThrow(/no enabled upstream key/);
  });
});
