import { orderTargets } from './target-order';

/** A seeded generator (mulberry32) so the weighted spread is checked without flakiness. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const t = (model: string, priority: number, weight = 1) => ({ model, priority, weight });

describe('orderTargets', () => {
  it('puts the highest priority tier first, then the lower ones, whatever the order given', () => {
    const order = orderTargets([t('low', 0), t('high', 10), t('mid', 5)], () => 0.5).map((x) => x.model);
    expect(order).toEqual(['high', 'mid', 'low']);
  });

  it('draws within a tier by weight: the point of the random number picks the target', () => {
    const tier = [t('a', 1, 1), t('b', 1, 3)];
    // total 4: [0, 1) -> a, [1, 4) -> b
    expect(orderTargets(tier, () => 0.2).map((x) => x.model)).toEqual(['a', 'b']);
    expect(orderTargets(tier, () => 0.3).map((x) => x.model)).toEqual(['b', 'a']);
  });

  it('spreads first picks in proportion to weight (seeded)', () => {
    const random = seeded(42);
    const firsts = { a: 0, b: 0, c: 0 };
    const tier = [t('a', 0, 1), t('b', 0, 2), t('c', 0, 7)];
    for (let i = 0; i < 10_000; i++) firsts[orderTargets(tier, random)[0]!.model as 'a' | 'b' | 'c']++;
    expect(firsts.a / 10_000).toBeCloseTo(0.1, 1);
    expect(firsts.b / 10_000).toBeCloseTo(0.2, 1);
    expect(firsts.c / 10_000).toBeCloseTo(0.7, 1);
  });

  it('keeps every target once, lower tiers after the higher one as fallbacks', () => {
    const order = orderTargets([t('x', 1, 1), t('y', 1, 1), t('z', 0, 5)], seeded(7)).map((x) => x.model);
    expect(order.slice(0, 2).sort()).toEqual(['x', 'y']);
    expect(order[2]).toBe('z');
  });
});
