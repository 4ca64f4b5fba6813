export { decimalString, priceSnapshotSchema, usageSchema, type PriceSnapshot, type Usage } from './usage';
export { capCost, computeCost } from './cost';
