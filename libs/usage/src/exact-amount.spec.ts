import Big from 'big.js';
import { exactOf, isAtMostZero, minusAmount, plusAmount, roundedNumber, ZERO_AMOUNT } from './exact-amount';

/** A deterministic spread of amounts: money-like decimals, float noise, tiny and huge magnitudes, signs. */
function amounts(): number[] {
  const values = [0, -0, 1, -1, 0.1, 0.2, 0.3, 0.30000000000000004, 1e-9, 1e-10, 1e-11, 5e-11, -5e-11, 1.5e-7, 123e-20, 1e21, 2.5e22, -1e-300, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE];
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 400; i++) {
    const magnitude = 10 ** Math.floor(next() * 16 - 12);
    const sign = next() < 0.3 ? -1 : 1;
    values.push(sign * next() * magnitude, Math.round(next() * 1e6) / 1e6, sign * Math.round(next() * 1e10) / 1e10);
  }
  return values;
}

describe('exact amounts agree with big.js', () => {
  const values = amounts();

  it('reads a number as big.js does and rounds it to 10 places the same way', () => {
    for (const v of values) expect(roundedNumber(exactOf(v), 10)).toBe(Number(new Big(v).toFixed(10)));
  });

  it('sums, differences and their signs match', () => {
    for (let i = 0; i + 1 < values.length; i++) {
      const [a, b] = [values[i]!, values[i + 1]!];
      const sum = plusAmount(exactOf(a), exactOf(b));
      const difference = minusAmount(exactOf(a), exactOf(b));
      expect(roundedNumber(sum, 10)).toBe(Number(new Big(a).plus(b).toFixed(10)));
      expect(roundedNumber(difference, 10)).toBe(Number(new Big(a).minus(b).toFixed(10)));
      expect(roundedNumber(difference, 20)).toBe(Number(new Big(a).minus(b).toFixed(20)));
      expect(isAtMostZero(difference)).toBe(new Big(a).minus(b).lte(0));
    }
  });

  it('keeps a running total exact where floats drift', () => {
    let exact = ZERO_AMOUNT;
    let big = new Big(0);
    for (const v of values) {
      exact = plusAmount(exact, exactOf(v));
      big = big.plus(v);
      exact = minusAmount(exact, exactOf(v / 3));
      big = big.minus(v / 3);
    }
    expect(roundedNumber(exact, 10)).toBe(Number(big.toFixed(10)));
    expect(isAtMostZero(exact)).toBe(big.lte(0));
  });

  it('throws for a number that is not finite, as big.js does', () => {
    for (const v of [Number.NaN, Infinity, -Infinity]) expect(() => exactOf(v)).toThrow('[big.js] Invalid number');
  });
});
