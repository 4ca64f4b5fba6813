import Big from 'big.js';
import type { PriceSnapshot, Usage } from './usage';

const MILLION = 1_000_000;

/**
 * Cost of one request in the price's currency, as a decimal string with 10 places:
 * uncached prompt x prompt price + cached x (cached price, else prompt price) + completion x
 * completion price, all per million tokens, plus the price's fixed per_call amount. Null when
 * there is no price, or no usage and no per_call amount.
 */
export function computeCost(usage: Usage | null, price: PriceSnapshot | null): string | null {
  if (!price) return null;
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
