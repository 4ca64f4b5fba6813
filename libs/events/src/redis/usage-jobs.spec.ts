import { validEvent } from '../../test/usage-event.fixture';
import { storedUsageEventSchema, type UsageEvent } from '../usage-event';
import { readUsageJob, USAGE_BATCH_JOB, USAGE_JOB, usageJobs, type UsageBatchJobData } from './usage-jobs';

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

describe('readUsageJob', () => {
  /** A full v2 event as JSON carries it (every optional field set), plus a field no schema knows. */
  const full = (id: string): Record<string, unknown> => ({
    ...validEvent(),
    request_id: id,
    client_request_id: null,
    ttfb_ms: null,
    attempts: 2,
    price: { ...validEvent().price!, per_call: '0.01' },
    clamped_from: 4096,
    attempt_details: [{ provider: 'openai', model: 'gpt-4o', key: 'sk-a...wxyz', status: 429, error: 'rate limited', ms: 12 }],
    upstream_status: 200,
    unknown_field: 'dropped',
  });
  const v1 = (id: string): Record<string, unknown> => {
    const { client_request_id: _c, token_name: _n, token_hint: _h, ...rest } = full(id);
    return { ...rest, v: 1, client_token: 'sk-test-full-key' };
  };

  /** What the runtime parser of the schema makes of the same data: the reference. */
  const reference = (data: unknown) => storedUsageEventSchema.safeParse(data);
  const issues = (data: unknown): string => {
    const parsed = reference(data);
    if (parsed.success) throw new Error('expected a malformed event');
    return parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
  };

  it('gives the events of a usage job and of a usage-batch job exactly as the schema parses them', () => {
    const one = readUsageJob(USAGE_JOB, full('a'));
    expect(one).toEqual({ events: [reference(full('a')).data], problems: [] });
    expect(one.events[0]).not.toHaveProperty('unknown_field');
    const batch = readUsageJob(USAGE_BATCH_JOB, { events: [full('b'), v1('c'), event('d')] });
    expect(batch.events).toEqual([reference(full('b')).data, reference(v1('c')).data]);
    expect(batch.events[1]).toMatchObject({ v: 1, client_token: 'sk-test-full-key' });
    expect(batch.problems).toEqual([`events[2]: ${issues(event('d'))}`]);
  });

  it('describes malformed events with the schema issues, one line per event', () => {
    const wrongTypes = { ...full('x'), ts: 'soon', usage: { prompt_tokens: -1 }, price: { prompt_per_million: 'ten' } };
    expect(readUsageJob(USAGE_JOB, wrongTypes)).toEqual({ events: [], problems: [issues(wrongTypes)] });
    expect(issues(wrongTypes)).toMatch(/^ts: .*usage\.prompt_tokens: /);
    expect(readUsageJob(USAGE_JOB, { v: 3 })).toEqual({ events: [], problems: [issues({ v: 3 })] });
    expect(readUsageJob(USAGE_JOB, null).problems).toEqual([issues(null)]);
  });

  it('counts a usage-batch job without an events array as one malformed event', () => {
    for (const data of [{}, { events: 'no' }, null]) {
      expect(readUsageJob(USAGE_BATCH_JOB, data)).toEqual({ events: [], problems: [`events[0]: ${issues(undefined)}`] });
    }
  });
});
