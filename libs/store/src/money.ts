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
