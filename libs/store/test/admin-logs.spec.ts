import type { AdminLogInput, Store } from '../src';
import { DIALECTS, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_admin_logs');
afterAll(() => harness.cleanup());

function entry(overrides: Partial<AdminLogInput> = {}): AdminLogInput {
  return {
    ts: new Date(),
    method: 'POST',
    path: '/admin/providers',
    operation: 'provider.create',
    target: 'openai',
    status_code: 201,
    error_message: null,
    detail: null,
    ...overrides,
  };
}

describe.each(DIALECTS)('admin logs on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await harness.open(dialect);
  });

  it('inserts rows and reads them back newest first with detail JSON parsed', async () => {
    const ts = new Date('2026-05-05T10:00:00.123Z');
    await store.adminLogs.insert([
      entry({ ts, detail: { key_hint: 'sk-a...wxyz', nested: { n: 1 } } }),
      entry({ ts, method: 'DELETE', operation: 'key.delete', status_code: 404, error_message: 'key 3 not found', target: null }),
    ]);
    const rows = await store.adminLogs.list({ limit: 10 });
    expect(rows).toEqual([
      { ...entry({ ts, method: 'DELETE', operation: 'key.delete', status_code: 404, error_message: 'key 3 not found', target: null }), id: expect.any(Number), actor: 'admin' },
      { ...entry({ ts, detail: { key_hint: 'sk-a...wxyz', nested: { n: 1 } } }), id: expect.any(Number), actor: 'admin' },
    ]);
    expect(rows[0]!.ts).toBeInstanceOf(Date);
    await store.adminLogs.insert([]);
  });

  it('stores a row whatever the request carried, bounded to the columns', async () => {
    await store.adminLogs.insert([
      entry({
        method: 'M'.repeat(40),
        path: '/admin/tokens/\u0000x',
        operation: `o${'p'.repeat(100)}`,
        target: 'a\u0000b',
        status_code: 2 ** 40,
        error_message: 'bad\u0000 name',
        detail: { name: 'n\u0000m' },
      }),
    ]);
    const [row] = await store.adminLogs.list({ limit: 1 });
    expect(row).toMatchObject({
      method: 'M'.repeat(16),
      path: '/admin/tokens/x',
      operation: `o${'p'.repeat(63)}`,
      target: 'ab',
      status_code: 2147483647,
      error_message: 'bad name',
      detail: { name: 'n\u0000m' },
    });
  });

  it('filters by operation, status and time with keyset paging', async () => {
    const t0 = Date.parse('2026-05-05T00:00:00Z');
    await store.adminLogs.insert([
      entry({ ts: new Date(t0), operation: 'auth', status_code: 401 }),
      entry({ ts: new Date(t0 + 1000), operation: 'token.create' }),
      entry({ ts: new Date(t0 + 2000), operation: 'token.create', status_code: 400 }),
      entry({ ts: new Date(t0 + 3000), operation: 'auth', status_code: 401 }),
    ]);
    const ops = (rows: { operation: string; status_code: number }[]) => rows.map((r) => `${r.operation}:${r.status_code}`);
    expect(ops(await store.adminLogs.list({ operation: 'auth', limit: 10 }))).toEqual(['auth:401', 'auth:401']);
    expect(ops(await store.adminLogs.list({ status: 201, limit: 10 }))).toEqual(['token.create:201']);
    expect(ops(await store.adminLogs.list({ from: new Date(t0 + 1000), to: new Date(t0 + 2000), limit: 10 }))).toEqual([
      'token.create:400',
      'token.create:201',
    ]);
    const page1 = await store.adminLogs.list({ limit: 3 });
    const page2 = await store.adminLogs.list({ limit: 3, before_id: page1[2]!.id });
    expect(ops(page2)).toEqual(['auth:401']);
  });

  it('inserts more rows than one multi-row insert holds, and prunes old ones in batches', async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    await store.adminLogs.insert(Array.from({ length: 900 }, () => entry({ ts: old })));
    await store.adminLogs.insert([entry()]);
    const cutoff = new Date(Date.now() - 90 * 86_400_000);
    expect(await store.adminLogs.prune(cutoff, 500)).toBe(500);
    expect(await store.adminLogs.prune(cutoff, 500)).toBe(400);
    expect(await store.adminLogs.prune(cutoff, 500)).toBe(0);
    expect(await store.adminLogs.list({ limit: 10 })).toHaveLength(1);
  });
});
