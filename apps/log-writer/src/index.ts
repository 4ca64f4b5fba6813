export { createUsageHandler, toLoggedRequest, type UsageHandlerDeps } from './usage-handler';
export { createLogWriter, type LogWriter, type LogWriterOptions } from './log-writer';
export { MicroBatcher, type MicroBatcherOptions } from './micro-batcher';
export { pruneOldLogs, startRetention, PRUNE_BATCH, type PruneResult, type Retention, type RetentionOptions } from './retention';
export { tracedHandler } from './trace-events';
export { registerQueueMetrics } from './queue-metrics';
