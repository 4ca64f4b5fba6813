import { capCost, computeCost, type PriceSnapshot, type Usage } from '@aigw/usage';

/**
 * The cost a request is charged: computeCost capped by its cost cap. The budget settlement and the
 * request's metrics both use this one rule (computeCost is exact BigInt arithmetic and cheap, so it
 * is not cached).
 */
export function requestCost(usage: Usage | null, price: PriceSnapshot | null, cap: string | null | undefined): string | null {
  return capCost(computeCost(usage, price), cap);
}
