import { JobConcurrency } from './job-concurrency';

describe('JobConcurrency', () => {
  it('starts with the given jobs, then keeps about the given events in flight from the events per job seen', () => {
    const worker = { concurrency: 0 };
    const pacing = new JobConcurrency(worker, 400, 2);
    expect(worker.concurrency).toBe(2);
    pacing.observe(50);
    expect(worker.concurrency).toBe(8);
    for (let i = 0; i < 100; i++) pacing.observe(1);
    expect(worker.concurrency).toBe(400);
    for (let i = 0; i < 100; i++) pacing.observe(200);
    expect(worker.concurrency).toBe(2);
  });

  it('never goes below one job nor above the events (an empty job counts as one event)', () => {
    const worker = { concurrency: 0 };
    const pacing = new JobConcurrency(worker, 10, 50);
    expect(worker.concurrency).toBe(10);
    pacing.observe(0);
    expect(worker.concurrency).toBe(10);
    for (let i = 0; i < 100; i++) pacing.observe(1000);
    expect(worker.concurrency).toBe(1);
  });
});
