import Big from 'big.js';

/** The places every money column keeps (decimal(20, 10)): the precision money is shown with. */
export const MONEY_PLACES = 10;

/**
 * Money as an API answer shows it: a number rounded to MONEY_PLACES, so float noise from sums and
 * differences (0.13499999999999998, 0.00009999990000000001) never reaches a client.
 */
export function money(value: number): number {
  return Number(new Big(value).toFixed(MONEY_PLACES));
}

/** max_amount - amount_spent in decimals, never below 0, rounded as money(). */
export function moneyLeft(maxAmount: number, amountSpent: number): number {
  const left = new Big(maxAmount).minus(amountSpent);
  return left.lt(0) ? 0 : Number(left.toFixed(MONEY_PLACES));
}

/**
 * A budget within the last unit of the places kept counts as used up: a charge capped at what was
 * left can land a hair under max_amount after rounding. One rule for the store's debit, the admin
 * API's status and the proxy's checks.
 */
export const BUDGET_EPSILON = '0.000000001';

/** max_amount - amount_spent, in decimals, is at most BUDGET_EPSILON. */
export function budgetReached(maxAmount: number | string, amountSpent: number | string): boolean {
  return new Big(maxAmount).minus(amountSpent).lte(BUDGET_EPSILON);
}
