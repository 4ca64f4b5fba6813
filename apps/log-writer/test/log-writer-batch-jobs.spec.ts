import { Queue } from 'bullmq';
import { BullMqEventSink, InProcessChangeBus, USAGE_BATCH_JOB, USAGE_QUEUE } from '@aigw/events';
import { generateTokenKey, type Store, type Token } from '@aigw/store';
import { createLogWriter, type LogWriter } from '../src';
import { COST_PER_EVENT, pgStore, silentLogger, testRedisUrl, uniquePrefix, usageEvent, waitFor, writtenRows } from './helpers';

describe('log-writer: usage-batch jobs (several events per job, queue.events_per_job)', () => {
  const redisUrl = testRedisUrl();
  let store: Store;
  let drop: () => Promise<void>;
  let prefix: string;
  let queue: Queue;
  let writer: LogWriter | undefined;
  const bus = new InProcessChangeBus();

  beforeAll(async () => {
    ({ store, drop } = await pgStore('batchjobs'));
  });
  afterAll(async () => {
    await drop();
  });
  beforeEach(() => {
    prefix = uniquePrefix('lwb');
    queue = new Queue(USAGE_QUEUE, { connection: { url: redisUrl }, prefix });
  });
  afterEach(async () => {
    await writer?.close();
    writer = undefined;
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const start = (): LogWriter => (writer = createLogWriter({ store, bus, redisUrl, logger: silentLogger, retentionDays: 0, prefix, budgetPrefix: `${prefix}:budget:` }));
  const newToken = (): Promise<Token> => store.tokens.create({ key: generateTokenKey(), name: 't', max_amount: null });

  it('writes every event of the jobs the producer packed, once, and debits each', async () => {
    const token = await newToken();
    const ids = uniquePrefix('packed');
    const sink = new BullMqEventSink({ redisUrl, logger: silentLogger, prefix, eventsPerJob: 25 });
    try {
      for (let i = 0; i < 120; i++) sink.emit(usageEvent(`${ids}-${i}`, token.id, token.key_hint));
      await sink.flush();
    } finally {
      await sink.close();
    }
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.length).toBeLessThan(120);
    expect(jobs.every((j) => j.name === USAGE_BATCH_JOB)).toBe(true);
    start();
    await waitFor('120 rows', async () => (await writtenRows(store, ids)).rows >= 120);
    await waitFor('jobs completed', async () => (await queue.getCompletedCount()) === jobs.length);
    expect(await writtenRows(store, ids)).toEqual({ rows: 120, distinct: 120, cost: expect.closeTo(120 * COST_PER_EVENT, 8) });
    expect((await store.tokens.get(token.id))!.amount_spent).toBeCloseTo(120 * COST_PER_EVENT, 8);
  });

  it('writes the well-formed events of a batch job with a malformed one, then fails it for good', async () => {
    const token = await newToken();
    const ids = uniquePrefix('mixed');
    const good = [usageEvent(`${ids}-0`, token.id, token.key_hint), usageEvent(`${ids}-1`, token.id, token.key_hint)];
    const job = await queue.add(USAGE_BATCH_JOB, { events: [good[0], { request_id: 42 }, good[1]] }, { attempts: 5 });
    start();
    await waitFor('2 rows', async () => (await writtenRows(store, ids)).rows >= 2);
    await waitFor('job failed', async () => (await queue.getFailedCount()) === 1);
    const failed = (await queue.getJob(job.id!))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^malformed usage event: events\[1\]/);
    expect(await writtenRows(store, ids)).toMatchObject({ rows: 2, distinct: 2 });
  });
});
