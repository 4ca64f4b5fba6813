/**
 * The BullMQ queue that carries UsageEvents from the proxies to the log-writers.
 * Renaming it needs a migration of queued jobs: jobs still waiting under the old name are no longer
 * consumed once producers and workers use the new one.
 */
export const USAGE_QUEUE = 'usage-events';
