export { createUsageHandler, toLoggedRequest, type UsageHandlerDeps } from './usage-handler';
