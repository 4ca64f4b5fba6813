/** What JobConcurrency sets: BullMQ's Worker (its concurrency may change while it runs). */
export interface ConcurrencyTarget {
  concurrency: number;
}

/**
 * Keeps about `events` usage events in flight, whatever the jobs hold: BullMQ counts jobs, a
 * `usage` job holds one event and a `usage-batch` job up to queue.events_per_job. The worker's
 * concurrency follows the average events per job seen so far: `events` jobs while jobs hold one
 * event each, `events / 50` while they hold 50. Too many jobs at once would take the whole queue
 * in before the first batch is written (BullMQ fetches one job after the other until the
 * concurrency is reached, and only then runs them), so the worker starts with a few jobs and
 * grows as soon as the first one read shows how many events a job holds.
 */
export class JobConcurrency {
  /** Average events per job (exponentially weighted, recent jobs count most); none before the first. */
  private average: number | undefined;

  /**
   * @param events the events to keep in flight
   * @param startJobs the concurrency until the first job has been read
   */
  constructor(
    private readonly worker: ConcurrencyTarget,
    private readonly events: number,
    startJobs: number,
  ) {
    worker.concurrency = Math.max(1, Math.min(events, startJobs));
  }

  /** A job with `size` events has been read. */
  observe(size: number): void {
    const n = Math.max(1, size);
    this.average = this.average === undefined ? n : this.average + (n - this.average) / 8;
    const jobs = Math.min(this.events, Math.max(1, Math.round(this.events / this.average)));
    if (this.worker.concurrency !== jobs) this.worker.concurrency = jobs;
  }
}
