import { Queue } from 'bullmq';
import { InProcessChangeBus, USAGE_QUEUE } from '@aigw/events';
import type { Store } from '@aigw/store';
import { createLogWriter, toLoggedRequest } from '../src';
import { pgStore, silentLogger, testRedisUrl, uniquePrefix, usageEvent, waitFor } from './helpers';

const DAY_MS = 86_400_000;

describe('log retention', () => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ store, drop } = await pgStore('retention'));
  });

  afterAll(async () => {
    await drop();
  });

  /** Removes the keys a worker leaves under its prefix. */
  const forget = async (prefix: string): Promise<void> => {
    const queue = new Queue(USAGE_QUEUE, { connection: { url: testRedisUrl() }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  };

  const count = async (table: string): Promise<number> => Number((await store.knex(table).count({ n: '*' }))[0]?.n);

  it('prunes request_logs, admin_logs and kept responses past retention_days, in batches, and keeps the rest', async () => {
    const now = Date.now();
    const old = Array.from({ length: 2300 }, (_, i) => toLoggedRequest(usageEvent(`old-${i}`, null, null, now - 40 * DAY_MS - i * 1000)));
    const recent = Array.from({ length: 3 }, (_, i) => toLoggedRequest(usageEvent(`new-${i}`, null, null, now - 29 * DAY_MS)));
    await store.requestLogs.record([...old, ...recent]);
    const adminLog = (ts: number) => ({ ts: new Date(ts), method: 'POST', path: '/admin/tokens', operation: 'token.create', target: null, status_code: 201, error_message: null, detail: null });
    await store.adminLogs.insert([adminLog(now - 31 * DAY_MS), adminLog(now - 100 * DAY_MS), adminLog(now - DAY_MS)]);
    const kept = (id: string, ts: number) => ({ id, token_id: 1, provider: 'p', key_id: null, model: 'm', input_items: [], output_items: [], created_at: new Date(ts) });
    await store.responses.save(kept('resp_old', now - 31 * DAY_MS));
    await store.responses.save(kept('resp_new', now - 29 * DAY_MS));

    const prefix = uniquePrefix('retention');
    const writer = createLogWriter({
      store,
      bus: new InProcessChangeBus(),
      redisUrl: testRedisUrl(),
      logger: silentLogger,
      retentionDays: 30,
      pruneIntervalMs: 100,
      prefix,
      budgetPrefix: `${prefix}:budget:`,
    });
    try {
      await waitFor('old rows pruned', async () => (await count('request_logs')) === 3 && (await count('admin_logs')) === 1 && (await count('responses')) === 1);
    } finally {
      await writer.close();
      await forget(prefix);
    }
    const left = await store.knex('request_logs').select('request_id').orderBy('request_id');
    expect(left.map((r: { request_id: string }) => r.request_id)).toEqual(['new-0', 'new-1', 'new-2']);
    expect(await store.knex('responses').pluck('id')).toEqual(['resp_new']);
  });

  it('keeps everything when retention_days is 0', async () => {
    await store.requestLogs.record([toLoggedRequest(usageEvent('ancient', null, null, Date.now() - 3650 * DAY_MS))]);
    const before = await count('request_logs');
    const prefix = uniquePrefix('retention');
    const writer = createLogWriter({
      store,
      bus: new InProcessChangeBus(),
      redisUrl: testRedisUrl(),
      logger: silentLogger,
      retentionDays: 0,
      pruneIntervalMs: 50,
      prefix,
      budgetPrefix: `${prefix}:budget:`,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writer.close();
    await forget(prefix);
    expect(await count('request_logs')).toBe(before);
  });
});
