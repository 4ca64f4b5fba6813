import type { Store } from '../src';
import { DIALECTS, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_keyhealth');
afterAll(() => harness.cleanup());

describe.each(DIALECTS)('key health columns on %s (migration 005)', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await harness.open(dialect);
  });

  it('an invalid mark is kept once, read back by both key reads, and cleared by enable', async () => {
    const provider = await store.providers.create({ name: `kh-${Date.now()}`, api_type: 'openai', base_url: 'http://127.0.0.1:1' });
    const [key] = await store.keys.add(provider.id, ['sk-kh-0001-abcdefgh']);
    expect(key!.invalid).toBeNull();
    const at = new Date('2026-03-01T10:00:00Z');
    expect(await store.keys.markInvalid(key!.id, { reason: 'unauthorized', message: 'Incorrect API key sk-k...efgh', at })).toBe(true);
    expect(await store.keys.markInvalid(key!.id, { reason: 'unauthorized', message: 'again', at: new Date() })).toBe(false);
    const [listed] = await store.keys.list(provider.id);
    expect(listed!.invalid).toEqual({ reason: 'unauthorized', message: 'Incorrect API key sk-k...efgh', at });
    const [withSecret] = await store.keys.listWithSecrets(provider.id);
    expect(withSecret!.invalid?.reason).toBe('unauthorized');

    expect(await store.keys.clearInvalid(key!.id)).toBe(true);
    expect(await store.keys.clearInvalid(key!.id)).toBe(false);
    expect((await store.keys.list(provider.id))[0]!.invalid).toBeNull();
    await store.keys.markInvalid(key!.id, { reason: 'unauthorized', message: 'again', at });
    const disabled = await store.keys.setEnabled(provider.id, key!.id, false);
    expect(disabled).toMatchObject({ enabled: false, invalid: { reason: 'unauthorized' } });
    const enabled = await store.keys.setEnabled(provider.id, key!.id, true);
    expect(enabled).toMatchObject({ enabled: true, invalid: null });
    expect(await store.keys.setEnabled(provider.id, 999_999, true)).toBeUndefined();
  });

  it('admin_logs rows carry an actor, admin unless said otherwise', async () => {
    const ts = new Date();
    await store.adminLogs.insert([
      { ts, method: 'POST', path: '/admin/x', operation: 'kh.a', target: null, status_code: 200, error_message: null, detail: null },
      { ts, actor: 'gateway', method: 'GATEWAY', path: '/admin/y', operation: 'kh.b', target: 'p', status_code: 200, error_message: null, detail: { key_id: 1 } },
    ]);
    const rows = await store.adminLogs.list({ limit: 10 });
    expect(rows.find((r) => r.operation === 'kh.a')?.actor).toBe('admin');
    expect(rows.find((r) => r.operation === 'kh.b')?.actor).toBe('gateway');
  });
});
