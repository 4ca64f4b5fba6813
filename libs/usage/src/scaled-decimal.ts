/**
 * Non-negative decimal strings as integers: digits / 10^scale, in BigInt, so sums and products of
 * prices and token counts stay exact without a decimal library's digit arrays per operation.
 * exact-amount.ts keeps signed amounts in the same shape (there digits may be negative).
 */
export interface Scaled {
  digits: bigint;
  scale: number;
}

const PLAIN = /^\d+(\.\d+)?$/;
/** Prices repeat on every request: each distinct text is read once (bounded; cleared when full). */
const MAX_KNOWN = 1024;
const known = new Map<string, Scaled | null>();
const powers: bigint[] = [1n];

/** 10^n as a BigInt. */
export function pow10(n: number): bigint {
  for (let i = powers.length; i <= n; i++) powers.push(powers[i - 1]! * 10n);
  return powers[n]!;
}

/** A plain non-negative decimal string ("12", "0.25") as digits and scale; null for any other text. */
export function scaledOf(text: unknown): Scaled | null {
  if (typeof text !== 'string') return null;
  const hit = known.get(text);
  if (hit !== undefined) return hit;
  let value: Scaled | null = null;
  if (PLAIN.test(text)) {
    const dot = text.indexOf('.');
    value = dot < 0 ? { digits: BigInt(text), scale: 0 } : { digits: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
  }
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(text, value);
  return value;
}

/** digits / 10^places rounded to an integer, halves up (big.js's default rounding, ROUND_HALF_UP). */
export function roundHalfUp(digits: bigint, places: number): bigint {
  if (places <= 0) return digits * pow10(-places);
  const unit = pow10(places);
  const whole = digits / unit;
  return (digits % unit) * 2n >= unit ? whole + 1n : whole;
}

/** A non-negative value in units of 10^-places as a fixed-point string with that many places. */
export function toFixedString(units: bigint, places: number): string {
  const text = units.toString().padStart(places + 1, '0');
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
}
