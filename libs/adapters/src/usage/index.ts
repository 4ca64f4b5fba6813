export { extractUsage } from './extract-usage';
