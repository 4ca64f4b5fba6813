import type { JobsOptions } from 'bullmq';
import type { UsageEvent } from '../usage-event';

/** Name of a job that carries one UsageEvent as its data (the shape every log-writer reads). */
export const USAGE_JOB = 'usage';
/** Name of a job that carries several UsageEvents: data is UsageBatchJobData. */
export const USAGE_BATCH_JOB = 'usage-batch';

/**
 * Data of a `usage-batch` job: the events in emit order, each exactly as a `usage` job's data
 * (a v2 UsageEvent, its trace in event.trace). The job succeeds or fails as a whole; a retried
 * batch whose events were written in part is safe (the unique request_id skips them, no second debit).
 */
export interface UsageBatchJobData {
  events: UsageEvent[];
}

export interface UsageJob {
  name: string;
  data: UsageEvent | UsageBatchJobData;
  opts: JobsOptions;
}

/**
 * The jobs that carry `events`: one `usage` job each (jobId = request_id) when eventsPerJob is 1,
 * else `usage-batch` jobs of up to eventsPerJob events (jobId = `batch-` + the first request_id).
 */
export function usageJobs(events: UsageEvent[], eventsPerJob: number, opts: JobsOptions): UsageJob[] {
  if (eventsPerJob <= 1) return events.map((event) => ({ name: USAGE_JOB, data: event, opts: { ...opts, jobId: event.request_id } }));
  const jobs: UsageJob[] = [];
  for (let i = 0; i < events.length; i += eventsPerJob) {
    const part = events.slice(i, i + eventsPerJob);
    jobs.push({ name: USAGE_BATCH_JOB, data: { events: part }, opts: { ...opts, jobId: `batch-${part[0]!.request_id}` } });
  }
  return jobs;
}
