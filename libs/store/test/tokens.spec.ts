import { generateTokenKey, keyHint, sha256Hex, StoreError, type Store } from '../src';
import { DIALECTS, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_tokens');
afterAll(() => harness.cleanup());

describe.each(DIALECTS)('tokens on %s', (dialect) => {
  let store: Store;
  beforeAll(async () => {
    store = await harness.open(dialect);
  });

  it('creates with defaults and reads back by id and key with JS types', async () => {
    const key = generateTokenKey();
    const created = await store.tokens.create({ key, name: 'alice' });
    expect(created).toMatchObject({
      key_hash: sha256Hex(key),
      key_hint: keyHint(key),
      name: 'alice',
      allowed_models: null,
      max_amount: null,
      amount_spent: 0,
      rpm_limit: null,
      tpm_limit: null,
      concurrency_limit: null,
      enabled: true,
      disabled_reason: null,
      expires_at: null,
    });
    expect(created.created_at).toBeInstanceOf(Date);
    expect(created.updated_at.getTime()).toBe(created.created_at.getTime());
    expect(await store.tokens.get(created.id)).toEqual(created);
    expect(await store.tokens.getByKey(key)).toEqual(created);
    expect(await store.tokens.get(987654)).toBeUndefined();
    expect(await store.tokens.getByKey('sk-nope')).toBeUndefined();
  });

  it('keeps allowed_models JSON, decimal budget and expiry', async () => {
    const expires = new Date('2027-01-31T15:59:59.123Z');
    const created = await store.tokens.create({
      key: generateTokenKey(),
      name: 'bob',
      allowed_models: ['openai/gpt-4o', 'fast'],
      max_amount: 12.3456789,
      expires_at: expires,
    });
    const read = await store.tokens.get(created.id);
    expect(read).toMatchObject({ allowed_models: ['openai/gpt-4o', 'fast'], max_amount: 12.3456789, amount_spent: 0 });
    expect(read?.expires_at?.toISOString()).toBe(expires.toISOString());
  });

  it('keeps the rate limits (migration 007): set on create, changed and cleared by update', async () => {
    const created = await store.tokens.create({ key: generateTokenKey(), name: 'limited', rpm_limit: 30, tpm_limit: 200_000, concurrency_limit: 3 });
    expect(await store.tokens.get(created.id)).toMatchObject({ rpm_limit: 30, tpm_limit: 200_000, concurrency_limit: 3 });
    await store.tokens.update(created.id, { rpm_limit: 60, concurrency_limit: null });
    expect(await store.tokens.get(created.id)).toMatchObject({ rpm_limit: 60, tpm_limit: 200_000, concurrency_limit: null });
  });

  it('stores only the hash and hint of the key', async () => {
    const key = generateTokenKey();
    const created = await store.tokens.create({ key, name: 'hashed' });
    const row: Record<string, unknown> = await store.knex('tokens').where('id', created.id).first();
    expect(JSON.stringify(row)).not.toContain(key.slice(3));
    expect(row.key_hint).toMatch(/^sk-.\.\.\.[0-9A-Za-z]{4}$/);
  });

  it('rotates a key: the new one finds the same token with its budget and spending, the old one nothing', async () => {
    const oldKey = generateTokenKey();
    const created = await store.tokens.create({ key: oldKey, name: 'rot', max_amount: 5, allowed_models: ['a/b'] });
    await store.knex('tokens').where('id', created.id).update({ amount_spent: 1.25 });
    const newKey = generateTokenKey();
    const rotated = await store.tokens.rotateKey(created.id, newKey);
    expect(rotated).toMatchObject({ id: created.id, name: 'rot', max_amount: 5, amount_spent: 1.25, allowed_models: ['a/b'], key_hint: keyHint(newKey) });
    expect(await store.tokens.getByKey(oldKey)).toBeUndefined();
    expect((await store.tokens.getByKey(newKey))?.id).toBe(created.id);
    expect(await store.tokens.rotateKey(987654, generateTokenKey())).toBeUndefined();
  });

  it('rejects a duplicate key as a conflict', async () => {
    const key = generateTokenKey();
    await store.tokens.create({ key, name: 'one' });
    const err: unknown = await store.tokens.create({ key, name: 'two' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('conflict');
  });

  it('creating a disabled token records the manual reason', async () => {
    const created = await store.tokens.create({ key: generateTokenKey(), name: 'off', enabled: false });
    expect(created).toMatchObject({ enabled: false, disabled_reason: 'manual' });
  });

  it('update sets fields and updated_at; enabling clears the reason; unknown id is undefined', async () => {
    const created = await store.tokens.create({ key: generateTokenKey(), name: 'carol', max_amount: 5 });
    await new Promise((r) => setTimeout(r, 5));
    const disabled = await store.tokens.update(created.id, { enabled: false });
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: 'manual' });
    expect(disabled!.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
    const patched = await store.tokens.update(created.id, {
      name: 'carol2',
      allowed_models: null,
      max_amount: null,
      expires_at: new Date('2030-01-01T00:00:00Z'),
      enabled: true,
    });
    expect(patched).toMatchObject({ name: 'carol2', max_amount: null, enabled: true, disabled_reason: null });
    expect(patched?.expires_at?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    const cleared = await store.tokens.update(created.id, { expires_at: null, allowed_models: ['m'] });
    expect(cleared).toMatchObject({ expires_at: null, allowed_models: ['m'] });
    expect(await store.tokens.update(987654, { name: 'x' })).toBeUndefined();
  });

  it('lists by id and deletes', async () => {
    const a = await store.tokens.create({ key: generateTokenKey(), name: 'list-a' });
    const b = await store.tokens.create({ key: generateTokenKey(), name: 'list-b' });
    const ids = (await store.tokens.list()).map((t) => t.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await store.tokens.delete(a.id)).toBe(true);
    expect(await store.tokens.delete(a.id)).toBe(false);
    expect(await store.tokens.get(a.id)).toBeUndefined();
  });

  it(`stores timestamps the ${dialect} way`, async () => {
    const created = await store.tokens.create({ key: generateTokenKey(), name: 'ts', expires_at: new Date('2026-11-26T06:32:22.360Z') });
    const raw: { expires_at: unknown } = await store.knex('tokens').where('id', created.id).first('expires_at');
    if (dialect === 'sqlite') {
      // Local time in the configured zone with its offset: what the sqlite3 shell shows.
      expect(raw.expires_at).toBe('2026-11-26 14:32:22.360+08:00');
    } else {
      expect(raw.expires_at).toBeInstanceOf(Date);
      const shown = await store.knex.raw("select to_char(expires_at, 'YYYY-MM-DD HH24:MI:SS.MS') as s, current_setting('TimeZone') as tz from tokens where id = ?", [created.id]);
      expect(shown.rows[0]).toEqual({ s: '2026-11-26 14:32:22.360', tz: 'Asia/Shanghai' });
    }
  });

  it('setSpent sets amount_spent, re-enables a token exhausted no longer, and keeps an operator disable', async () => {
    const t = await store.tokens.create({ key: generateTokenKey(), name: 'reset-me', max_amount: 1 });
    await store.tokens.update(t.id, { enabled: false, disabled_reason: 'exhausted' });
    const raised = await store.tokens.setSpent(t.id, 0.4);
    expect(raised?.before).toMatchObject({ amount_spent: 0, enabled: false, disabled_reason: 'exhausted' });
    expect(raised?.after).toMatchObject({ amount_spent: 0.4, enabled: true, disabled_reason: null });
    await store.tokens.update(t.id, { enabled: false, disabled_reason: 'exhausted' });
    expect((await store.tokens.setSpent(t.id, 1))?.after).toMatchObject({ amount_spent: 1, enabled: false, disabled_reason: 'exhausted' });
    await store.tokens.update(t.id, { enabled: false });
    expect((await store.tokens.setSpent(t.id, 0))?.after).toMatchObject({ amount_spent: 0, enabled: false, disabled_reason: 'manual' });
    expect(await store.tokens.setSpent(987654, 0)).toBeUndefined();
  });
});
