export { extractUsage } from './extract-usage';
export { lastKeyValue } from './last-key-value';
