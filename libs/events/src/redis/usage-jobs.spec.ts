import type { UsageEvent } from '../usage-event';
import { USAGE_BATCH_JOB, USAGE_JOB, usageJobs, type UsageBatchJobData } from './usage-jobs';

const event = (id: string) => ({ v: 2, request_id: id }) as UsageEvent;
const opts = { attempts: 8 };

describe('usageJobs', () => {
  it('one usage job per event, jobId the request id, when eventsPerJob is 1', () => {
    const jobs = usageJobs([event('a'), event('b')], 1, opts);
    expect(jobs).toEqual([
      { name: USAGE_JOB, data: event('a'), opts: { attempts: 8, jobId: 'a' } },
      { name: USAGE_JOB, data: event('b'), opts: { attempts: 8, jobId: 'b' } },
    ]);
  });

  it('usage-batch jobs of up to eventsPerJob events, in order, jobId from the first event', () => {
    const events = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map(event);
    const jobs = usageJobs(events, 3, opts);
    expect(jobs.map((j) => j.name)).toEqual([USAGE_BATCH_JOB, USAGE_BATCH_JOB, USAGE_BATCH_JOB]);
    expect(jobs.map((j) => (j.data as UsageBatchJobData).events.map((e) => e.request_id))).toEqual([['r1', 'r2', 'r3'], ['r4', 'r5', 'r6'], ['r7']]);
    expect(jobs.map((j) => j.opts)).toEqual([
      { attempts: 8, jobId: 'batch-r1' },
      { attempts: 8, jobId: 'batch-r4' },
      { attempts: 8, jobId: 'batch-r7' },
    ]);
  });
});
