import { pow10, roundHalfUp, toFixedString, type Scaled } from './scaled-decimal';

/**
 * Signed exact decimals for amounts of money kept in memory (the budget ledger's holds): a number
 * is read as its shortest round-trip form, as big.js reads it, into BigInt digits / 10^scale, so
 * sums and differences stay exact without a decimal library's digit arrays per operation.
 */
export type ExactAmount = Scaled;

export const ZERO_AMOUNT: ExactAmount = { digits: 0n, scale: 0 };

/** A number's shortest form: sign, integer digits, fraction digits, exponent (as String(n) writes it). */
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** A finite number's exact decimal; throws for any other, as big.js does. */
export function exactOf(n: number): ExactAmount {
  // The error big.js throws for such a number.
  if (!Number.isFinite(n)) throw new Error('[big.js] Invalid number');
  const match = NUMBER_TEXT.exec(String(n))!;
  const fraction = match[3] ?? '';
  let digits = BigInt(match[2]! + fraction);
  if (match[1] === '-') digits = -digits;
  const scale = fraction.length - (match[4] === undefined ? 0 : Number(match[4]));
  return scale >= 0 ? { digits, scale } : { digits: digits * pow10(-scale), scale: 0 };
}

export function plusAmount(a: ExactAmount, b: ExactAmount): ExactAmount {
  if (a.scale === b.scale) return { digits: a.digits + b.digits, scale: a.scale };
  if (a.scale > b.scale) return { digits: a.digits + b.digits * pow10(a.scale - b.scale), scale: a.scale };
  return { digits: a.digits * pow10(b.scale - a.scale) + b.digits, scale: b.scale };
}

export function minusAmount(a: ExactAmount, b: ExactAmount): ExactAmount {
  return plusAmount(a, { digits: -b.digits, scale: b.scale });
}

/** Zero or below. */
export function isAtMostZero(a: ExactAmount): boolean {
  return a.digits <= 0n;
}

/**
 * Number(big.toFixed(places)) of the same decimal: rounded half away from zero (big.js's
 * ROUND_HALF_UP), and a negative amount that rounds to zero keeps its sign (-0), as big.js writes "-0.00...".
 */
export function roundedNumber(a: ExactAmount, places: number): number {
  const negative = a.digits < 0n;
  const units = roundHalfUp(negative ? -a.digits : a.digits, a.scale - places);
  const text = toFixedString(units, places);
  return Number(negative ? `-${text}` : text);
}
