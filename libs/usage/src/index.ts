export { decimalString, priceSnapshotSchema, usageSchema, type PriceSnapshot, type Usage } from './usage';
export { capCost, computeCost } from './cost';
export { exactOf, isAtMostZero, minusAmount, plusAmount, roundedNumber, ZERO_AMOUNT, type ExactAmount } from './exact-amount';
