import type { Queue, Worker } from 'bullmq';
import type { GatewayMetrics } from '@aigw/telemetry';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/**
 * The usage queue on /metrics: jobs by state (depth), the age of the oldest waiting job (lag), and
 * the jobs this process failed for good. Read from Redis at every scrape.
 */
export function registerQueueMetrics(metrics: GatewayMetrics, queue: Queue, worker: Worker, isFinalFailure: (job: unknown, err: Error) => boolean): void {
  metrics.registerGauge('aigw_queue_jobs', 'Usage event jobs in the queue, by state.', ['state'], async () => {
    const counts = await queue.getJobCounts(...STATES);
    return STATES.map((state) => ({ labels: { state }, value: counts[state] ?? 0 }));
  });
  metrics.registerGauge('aigw_queue_lag_seconds', 'Age of the oldest usage event job still waiting (0 when none waits).', [], async () => {
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    return [{ labels: {}, value: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0 }];
  });
  const failed = metrics.counter('aigw_queue_jobs_failed_total', 'Usage event jobs this log-writer failed, by whether BullMQ retries them.', ['final']);
  worker.on('failed', (job, err) => {
    failed.inc({ final: String(isFinalFailure(job, err)) });
  });
}
