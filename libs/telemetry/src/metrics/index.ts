export { GatewayMetrics, REFUSAL_CODES, type KeyStateSample, type RequestObservation } from './metrics';
