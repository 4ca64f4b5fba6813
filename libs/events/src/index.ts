export {
  usageEventSchema,
  usageEventV1Schema,
  storedUsageEventSchema,
  type UsageEventV1,
  USAGE_EVENT_VERSION,
  type UsageEvent,
  attemptDetailSchema,
  type AttemptDetailEvent,
} from './usage-event';
export type { EventSink, UsageEventHandler } from './event-sink';
export { InProcessEventSink, type InProcessSinkOptions, type SinkLogger } from './in-process-sink';
export { InProcessChangeBus, type ChangeBus, type ChangeMessage, type TokenUsageState } from './change-bus';
export { USAGE_QUEUE } from './redis/queue-names.constant';
export {
  createRedisConnection,
  closeRedisConnection,
  throttledErrorLog,
  type RedisConnectionOptions,
  type RedisLogger,
} from './redis/connection';
export { BullMqEventSink, type BullMqEventSinkOptions } from './redis/bullmq-sink';
export { readUsageJob, USAGE_BATCH_JOB, USAGE_JOB, usageJobs, type ReadUsageJob, type UsageBatchJobData, type UsageJob } from './redis/usage-jobs';
export { bullmq } from './redis/lazy-modules';
export { RedisChangeBus, type RedisChangeBusOptions } from './redis/redis-change-bus';
export {
  redisNamespace,
  resolveRedisNamespace,
  DEPLOYMENT_ID_SETTING,
  type RedisNamespace,
  type SettingsGetOrCreate,
} from './redis/redis-namespace';
export {
  tokenBudgetKeys,
  budgetSeqKey,
  liveProxiesKey,
  LUA_NOW_MS,
  LUA_PRUNE,
  SETTLED_TTL_MS,
  BUDGET_KEY_LIFETIME_MS,
  type TokenBudgetKeys,
} from './redis/budget-keys';
export { RedisBudgetCommits, type CommittedCost, type RedisBudgetCommitsOptions } from './redis/budget-commits';
export { InMemoryKeyHealthStorage, type KeyHealthCounts, type KeyHealthRecord, type KeyHealthStorage } from './key-health/key-health-storage';
export { RedisKeyHealthStorage, type RedisKeyHealthStorageOptions } from './key-health/redis-key-health-storage';
export { KEY_STATES, keyStateOf, type KeyState, type KeyStateView, type StoredKeyState } from './key-health/key-state-of';
