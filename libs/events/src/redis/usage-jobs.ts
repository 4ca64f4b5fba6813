import type { JobsOptions } from 'bullmq';
import { compile } from 'zod';
import { storedUsageEventSchema, type UsageEvent, type UsageEventV1 } from '../usage-event';

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

/** The events of a job as read from the queue, and what is wrong with the malformed ones. */
export interface ReadUsageJob {
  /** The well-formed events in job order, v1 ones as they are (the reader upgrades them). */
  events: (UsageEvent | UsageEventV1)[];
  /** One line per malformed event (`events[i]: ` first in a batch job): path and message of each issue. */
  problems: string[];
}

/**
 * storedUsageEventSchema compiled into a generated parser (zod's `compile`), once, by the first
 * reader (the producers that load this module never read): the same output for a valid event; an
 * invalid one is handed to the runtime parser, so its issues are zod's own.
 */
let storedEvent: typeof storedUsageEventSchema | undefined;

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Reads a job of the usage queue: a `usage` job holds one event (its data), a `usage-batch` job
 * several (data.events; without such an array the job counts as one malformed event). Each event
 * is checked against the stored-event schema (either version, as a queue may hold both).
 */
export function readUsageJob(name: string, data: unknown): ReadUsageJob {
  const batch = name === USAGE_BATCH_JOB;
  const list = batch ? (data as { events?: unknown } | null | undefined)?.events : undefined;
  const raw: unknown[] = batch ? (Array.isArray(list) ? list : [undefined]) : [data];
  const events: (UsageEvent | UsageEventV1)[] = [];
  const problems: string[] = [];
  storedEvent ??= compile(storedUsageEventSchema);
  for (let i = 0; i < raw.length; i += 1) {
    const parsed = storedEvent.safeParse(raw[i]);
    if (parsed.success) events.push(parsed.data);
    else problems.push(`${batch ? `events[${i}]: ` : ''}${describeIssues(parsed.error)}`);
  }
  return { events, problems };
}
