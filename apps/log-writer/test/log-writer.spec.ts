import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BullMqEventSink, InProcessChangeBus, tokenBudgetKeys, USAGE_QUEUE, type ChangeMessage } from '@aigw/events';
import { generateTokenKey, type Store, type Token } from '@aigw/store';
import { createLogWriter, type LogWriter, type LogWriterOptions } from '../src';
import { COST_PER_EVENT, pgStore, silentLogger, testRedisUrl, uniquePrefix, usageEvent, waitFor, writtenRows } from './helpers';

describe('log-writer on BullMQ and PostgreSQL', () => {
  const redisUrl = testRedisUrl();
  let store: Store;
  let drop: () => Promise<void>;
  let prefix: string;
  let queue: Queue;
  let sink: BullMqEventSink;
  const writers: LogWriter[] = [];
  const bus = new InProcessChangeBus();

  beforeAll(async () => {
    ({ store, drop } = await pgStore('writer'));
  });

  afterAll(async () => {
    await drop();
  });

  beforeEach(() => {
    prefix = uniquePrefix('lw');
    queue = new Queue(USAGE_QUEUE, { connection: { url: redisUrl }, prefix });
    sink = new BullMqEventSink({ redisUrl, logger: silentLogger, prefix });
  });

  afterEach(async () => {
    await sink.close();
    await Promise.all(writers.splice(0).map((w) => w.close()));
    await queue.obliterate({ force: true });
    await queue.close();
    await dropBudgetKeys(`${prefix}:budget:`);
  });

  // Every writer reports its commits under the test's budget prefix; the commit seq never expires.
  const dropBudgetKeys = async (budgetPrefix: string): Promise<void> => {
    const redis = new Redis(redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${budgetPrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  };

  const startWriter = (options: Partial<LogWriterOptions> = {}): LogWriter => {
    const writer = createLogWriter({ store, bus, redisUrl, logger: silentLogger, retentionDays: 0, prefix, budgetPrefix: `${prefix}:budget:`, ...options });
    writers.push(writer);
    return writer;
  };

  const newToken = (): Promise<Token> => store.tokens.create({ key: generateTokenKey(), name: 't', max_amount: null });

  const spent = async (id: number): Promise<number> => (await store.tokens.get(id))!.amount_spent;

  /** Emits `count` events of one token with ids `<idPrefix>-<n>`. */
  const emitMany = (idPrefix: string, token: Token, count: number): void => {
    for (let i = 0; i < count; i++) sink.emit(usageEvent(`${idPrefix}-${i}`, token.id, token.key_hint));
  };

  it('writes 300 events exactly once with two log-writers consuming together', async () => {
    const token = await newToken();
    const ids = uniquePrefix('two');
    startWriter();
    startWriter();
    emitMany(ids, token, 300);
    await sink.flush();
    await waitFor('300 rows', async () => (await writtenRows(store, ids)).rows >= 300);
    await waitFor('queue drained', async () => (await queue.getCompletedCount()) === 300);
    expect(await writtenRows(store, ids)).toEqual({ rows: 300, distinct: 300, cost: expect.closeTo(300 * COST_PER_EVENT, 8) });
    expect(await spent(token.id)).toBeCloseTo(300 * COST_PER_EVENT, 8);
  });

  it('writes a waiting queue in full batches and gathers the next batch while one is written', async () => {
    const token = await newToken();
    const ids = uniquePrefix('full');
    const sizes: number[] = [];
    let writing = 0;
    let overlapped = 0;
    const requestLogs = Object.create(store.requestLogs) as Store['requestLogs'];
    requestLogs.record = async (batch) => {
      sizes.push(batch.length);
      writing += 1;
      overlapped = Math.max(overlapped, writing);
      try {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return await store.requestLogs.record(batch);
      } finally {
        writing -= 1;
      }
    };
    emitMany(ids, token, 800);
    await sink.flush();
    startWriter({ store: { ...store, requestLogs } });
    await waitFor('800 rows', async () => (await writtenRows(store, ids)).rows >= 800);
    // The default batch (200 events) fills from a waiting queue, and a second one is ready before
    // the first is written: the worker takes more jobs at once than one batch holds.
    expect(Math.max(...sizes)).toBe(200);
    expect(overlapped).toBeGreaterThan(1);
    expect(await writtenRows(store, ids)).toEqual({ rows: 800, distinct: 800, cost: expect.closeTo(800 * COST_PER_EVENT, 8) });
  });

  it('never debits an event twice, whether BullMQ drops the duplicate job or delivers it', async () => {
    const token = await newToken();
    const ids = uniquePrefix('dup');
    const event = usageEvent(`${ids}-0`, token.id, token.key_hint);
    sink.emit(event);
    sink.emit(event);
    await sink.flush();
    expect(await queue.getWaitingCount()).toBe(1);

    const writer = startWriter();
    let completed = 0;
    writer.worker.on('completed', () => (completed += 1));
    await waitFor('first delivery', async () => completed === 1);
    // The completed job is gone (removeOnComplete), so the same jobId makes a new job...
    await queue.clean(0, 1000, 'completed');
    sink.emit(event);
    // ...and a redelivery under another id is another job too.
    await queue.add('usage', event, { jobId: `${event.request_id}-again` });
    await sink.flush();
    await waitFor('both redeliveries', async () => completed === 3);
    expect(await writtenRows(store, ids)).toEqual({ rows: 1, distinct: 1, cost: expect.closeTo(COST_PER_EVENT, 10) });
    expect(await spent(token.id)).toBeCloseTo(COST_PER_EVENT, 10);
  });

  it('writes every event exactly once when a log-writer stops mid-flow and another takes over', async () => {
    const token = await newToken();
    const ids = uniquePrefix('stop');
    const first = startWriter({ concurrency: 8, batchSize: 4 });
    emitMany(ids, token, 300);
    await sink.flush();
    await waitFor('some rows', async () => (await writtenRows(store, ids)).rows >= 20);
    await first.close();
    const afterStop = (await writtenRows(store, ids)).rows;
    startWriter();
    await waitFor('300 rows', async () => (await writtenRows(store, ids)).rows >= 300);
    await waitFor('queue drained', async () => (await queue.getCompletedCount()) === 300);
    expect(afterStop).toBeLessThan(300);
    expect(await writtenRows(store, ids)).toEqual({ rows: 300, distinct: 300, cost: expect.closeTo(300 * COST_PER_EVENT, 8) });
    expect(await spent(token.id)).toBeCloseTo(300 * COST_PER_EVENT, 8);
  });

  it('writes every event exactly once when a log-writer dies after writing but before acknowledging', async () => {
    const token = await newToken();
    const ids = uniquePrefix('crash');
    const victim = startWriter({ concurrency: 16, batchSize: 8, stalledIntervalMs: 1000 });
    emitMany(ids, token, 120);
    await sink.flush();
    await waitFor('some rows', async () => (await writtenRows(store, ids)).rows >= 8);
    // Its Redis connection drops: active jobs keep their locks until they expire, unacknowledged.
    (await victim.worker.client).disconnect();
    await victim.worker.close(true);
    const heir = startWriter({ stalledIntervalMs: 1000 });
    let redelivered = 0;
    heir.worker.on('completed', (job) => (redelivered += job.stalledCounter > 0 ? 1 : 0));
    await waitFor('120 rows', async () => (await writtenRows(store, ids)).rows >= 120);
    await waitFor('queue drained', async () => (await queue.getCompletedCount()) === 120);
    // The jobs that were active in the dead writer came again (their events were mostly written).
    expect(redelivered).toBeGreaterThan(0);
    expect(await writtenRows(store, ids)).toEqual({ rows: 120, distinct: 120, cost: expect.closeTo(120 * COST_PER_EVENT, 8) });
    expect(await spent(token.id)).toBeCloseTo(120 * COST_PER_EVENT, 8);
  });

  it('lets BullMQ retry the jobs of a batch the database refused', async () => {
    const token = await newToken();
    const ids = uniquePrefix('retry');
    let refusals = 2;
    const requestLogs = Object.create(store.requestLogs) as Store['requestLogs'];
    requestLogs.record = async (batch) => {
      if (refusals-- > 0) throw new Error('database unavailable');
      return store.requestLogs.record(batch);
    };
    const writer = startWriter({ store: { ...store, requestLogs } });
    let failures = 0;
    writer.worker.on('failed', () => (failures += 1));
    emitMany(ids, token, 10);
    await sink.flush();
    await waitFor('10 rows', async () => (await writtenRows(store, ids)).rows === 10);
    expect(failures).toBeGreaterThan(0);
    expect(refusals).toBeLessThan(0);
    expect(await writtenRows(store, ids)).toEqual({ rows: 10, distinct: 10, cost: expect.closeTo(10 * COST_PER_EVENT, 10) });
    expect(await spent(token.id)).toBeCloseTo(10 * COST_PER_EVENT, 10);
  });

  it('writes a v1 job left in the queue by an older proxy with the key turned into a hint', async () => {
    const key = generateTokenKey();
    const token = await store.tokens.create({ key, name: 'old', max_amount: null });
    const ids = uniquePrefix('v1');
    const { client_request_id: _c, token_name: _n, token_hint: _h, ...v2 } = usageEvent(`${ids}-0`, token.id, null);
    await queue.add('usage', { ...v2, v: 1, client_token: key }, { jobId: `${ids}-0` });
    await queue.add('usage', { ...v2, request_id: `${ids}-1`, token_id: null, v: 1, client_token: 'admin_token' }, { jobId: `${ids}-1` });
    startWriter();
    await waitFor('the v1 rows', async () => (await writtenRows(store, ids)).rows === 2);
    const rows = await store.knex('request_logs').where('request_id', 'like', `${ids}-%`).orderBy('request_id');
    expect(rows.map((r: Record<string, unknown>) => [r.token_id === null ? null : Number(r.token_id), r.token_hint])).toEqual([
      [token.id, token.key_hint],
      [null, 'admin_token'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(await spent(token.id)).toBeCloseTo(COST_PER_EVENT, 10);
  });

  it('fails a malformed job for good and keeps consuming', async () => {
    const token = await newToken();
    const ids = uniquePrefix('bad');
    const bad = await queue.add('usage', { v: 1, request_id: 'x' }, { jobId: 'malformed', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    startWriter();
    sink.emit(usageEvent(`${ids}-0`, token.id, token.key_hint));
    await waitFor('the good event', async () => (await writtenRows(store, ids)).rows === 1);
    await waitFor('the bad job failed', async () => (await queue.getJobState(bad.id!)) === 'failed');
    const failed = (await queue.getJob(bad.id!))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^malformed usage event: .*ts/);
    expect(await spent(token.id)).toBeCloseTo(COST_PER_EVENT, 10);
  });

  it('tells the budget ledger which requests the database now has, and sends the commit seq with the notice', async () => {
    const token = await newToken();
    const ids = uniquePrefix('commit');
    const budgetPrefix = `${prefix}:budget:`;
    const keys = tokenBudgetKeys(budgetPrefix, token.id);
    const redis = new Redis(redisUrl);
    const notices: ChangeMessage[] = [];
    const unsubscribe = bus.subscribe((m) => notices.push(m));
    try {
      // What a proxy leaves when the request has finished: its settled cost under the request id.
      await redis.hset(keys.settled, `${ids}-0`, String(COST_PER_EVENT));
      startWriter({ budgetPrefix });
      sink.emit(usageEvent(`${ids}-0`, token.id, token.key_hint));
      await sink.flush();
      await waitFor('the notice', async () => notices.some((m) => m.type === 'token-usage' && m.request_ids.includes(`${ids}-0`)));
      const notice = notices.find((m) => m.type === 'token-usage' && m.request_ids.includes(`${ids}-0`));
      const seq = notice?.type === 'token-usage' ? notice.budget_seq : undefined;
      expect(seq).toBeGreaterThan(0);
      expect(await redis.hget(keys.settled, `${ids}-0`)).toBeNull();
      const [member] = await redis.zrangebyscore(keys.commits, seq!, seq!);
      expect(Number(member?.split(':')[1])).toBeCloseTo(COST_PER_EVENT, 10);
    } finally {
      unsubscribe();
      const all = Object.values(keys);
      await redis.del(...all, `${budgetPrefix}seq`);
      redis.disconnect();
    }
  });
});
