import Big from 'big.js';
import { pow10, roundHalfUp, scaledOf, toFixedString } from './scaled-decimal';
import type { PriceSnapshot, Usage } from './usage';

const MILLION = 1_000_000;
/** The places of a cost; and the places big.js's div keeps (Big.DP), which the per-million division rounds to. */
const COST_PLACES = 10;
const DIV_PLACES = 20;

/**
 * Cost of one request in the price's currency, as a decimal string with 10 places:
 * uncached prompt x prompt price + cached x (cached price, else prompt price) + completion x
 * completion price, all per million tokens, plus the price's fixed per_call amount. Null when
 * there is no price, or no usage and no per_call amount.
 */
export function computeCost(usage: Usage | null, price: PriceSnapshot | null): string | null {
  if (!price) return null;
  if (usage) {
    const fast = scaledCost(usage, price);
    if (fast !== null) return fast;
  }
  return bigCost(usage, price);
}

/**
 * computeCost in BigInt for plain non-negative prices and safe integer counts (every request in
 * practice), null otherwise: the same digits as bigCost, which rounds the per-million quotient to
 * DIV_PLACES (Big.DP) before adding per_call and rounding to COST_PLACES, both halves up.
 */
function scaledCost(usage: Usage, price: PriceSnapshot): string | null {
  const cached = Math.min(usage.cached_tokens, usage.prompt_tokens);
  const uncached = usage.prompt_tokens - cached;
  const completion = usage.completion_tokens;
  if (!countable(cached) || !countable(uncached) || !countable(completion)) return null;
  const prompt = scaledOf(price.prompt_per_million);
  const output = scaledOf(price.completion_per_million);
  const cachedPrice = scaledOf(price.cached_prompt_per_million ?? price.prompt_per_million);
  const perCall = price.per_call === undefined ? ZERO_SCALED : scaledOf(price.per_call);
  if (!prompt || !output || !cachedPrice || !perCall) return null;
  const scale = Math.max(prompt.scale, output.scale, cachedPrice.scale);
  let sum =
    BigInt(uncached) * prompt.digits * pow10(scale - prompt.scale) +
    BigInt(cached) * cachedPrice.digits * pow10(scale - cachedPrice.scale) +
    BigInt(completion) * output.digits * pow10(scale - output.scale);
  // sum / 10^(scale + 6) is the per-million quotient.
  let places = scale + 6;
  if (places > DIV_PLACES) {
    sum = roundHalfUp(sum, places - DIV_PLACES);
    places = DIV_PLACES;
  }
  const totalPlaces = Math.max(places, perCall.scale);
  const total = sum * pow10(totalPlaces - places) + perCall.digits * pow10(totalPlaces - perCall.scale);
  return toFixedString(roundHalfUp(total, totalPlaces - COST_PLACES), COST_PLACES);
}

const ZERO_SCALED = { digits: 0n, scale: 0 };

function countable(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** computeCost in big.js: any price text big.js reads. */
function bigCost(usage: Usage | null, price: PriceSnapshot): string | null {
  const perCall = new Big(price.per_call ?? 0);
  if (!usage) return price.per_call === undefined ? null : perCall.toFixed(10);
  const cached = Math.min(usage.cached_tokens, usage.prompt_tokens);
  const uncached = usage.prompt_tokens - cached;
  const cachedPrice = price.cached_prompt_per_million ?? price.prompt_per_million;
  const total = new Big(uncached)
    .times(price.prompt_per_million)
    .plus(new Big(cached).times(cachedPrice))
    .plus(new Big(usage.completion_tokens).times(price.completion_per_million))
    .div(MILLION)
    .plus(perCall);
  return total.toFixed(10);
}

/** The smaller of a cost and its cap (either may be absent). */
export function capCost(cost: string | null, cap: string | null | undefined): string | null {
  if (cost === null || cap === null || cap === undefined) return cost;
  return new Big(cost).gt(cap) ? new Big(cap).toFixed(10) : cost;
}
