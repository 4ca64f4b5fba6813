import { capCost, computeCost, type PriceSnapshot, type Usage } from '@aigw/usage';

/** The cost last computed for a usage object, with the price and cap it was computed against. */
interface CostEntry {
  price: PriceSnapshot | null;
  cap: string | null | undefined;
  cost: string | null;
}

/** Keyed by the record's usage object: set once per request (settleUsage) and never changed after. */
const costs = new WeakMap<Usage, CostEntry>();

/**
 * The cost a request is charged: computeCost capped by its cost cap, computed once per usage
 * object. The budget settlement and the request's metrics both ask for it; the second gets the
 * first's figure (decimal arithmetic on big.js is not free). Another price or cap is computed anew.
 */
export function requestCost(usage: Usage | null, price: PriceSnapshot | null, cap: string | null | undefined): string | null {
  if (!usage) return capCost(computeCost(usage, price), cap);
  const hit = costs.get(usage);
  if (hit && hit.price === price && hit.cap === cap) return hit.cost;
  const cost = capCost(computeCost(usage, price), cap);
  costs.set(usage, { price, cap, cost });
  return cost;
}
