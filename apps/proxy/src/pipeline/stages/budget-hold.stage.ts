import type { Reservation } from '../../budget/budget-ledger';
import { required, type PipelineContext, type PolicyStage } from '../types';

/**
 * Holds the request's upper cost against the token's budget (the pipeline settles it after the
 * answer). A token without a budget holds nothing, so its prompt is never counted. With fallbacks
 * the hold is the largest estimate over every target the request may go to (each at its own price
 * and with its own plan), so a failover to a dearer target is covered; the settlement bills only
 * the target that answered, at its price.
 */
export const budgetHoldStage: PolicyStage = {
  name: 'budget-hold',
  // Not async: a request that holds nothing (admin, unlimited token) makes no promise.
  run(ctx) {
    const principal = required(ctx.principal, 'the caller', 'budget-hold');
    if (principal.kind === 'admin' || principal.token.max_amount === null) return undefined;
    const plan = required(ctx.plan, 'the upstream plan', 'budget-hold');
    const price = required(ctx.price, 'the price', 'budget-hold');
    const cap = ctx.deps.defaultCompletionCap;
    let estimate = plan.estimateCost(price, cap);
    for (const fallback of ctx.fallbacks ?? []) {
      if (fallback.price) estimate = Math.max(estimate, fallback.plan.estimateCost(fallback.price, cap));
    }
    return ctx.deps.ledger.reserve(principal.token, estimate, ctx.record.requestId).then((reservation) => holdTaken(ctx, reservation));
  },
};

function holdTaken(ctx: PipelineContext, reservation: Reservation | undefined): void {
  ctx.reservation = reservation;
  // A hold cut to what was left caps the charge, so the token never ends above its budget.
  if (reservation?.clipped) ctx.record.costCap = floorDecimal(reservation.amount);
}

function floorDecimal(amount: number): string {
  return (Math.floor(amount * 1e10) / 1e10).toFixed(10);
}
