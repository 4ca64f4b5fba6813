import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { createStore, generateTokenKey, type Dialect, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { MigrationHarness, migrateThrough, rawKnex } from './support/migration-harness';

const migration = new MigrationHarness('mig002');
const harness = migration.stores;
afterAll(() => migration.cleanup());
const storeOptions = (dialect: Dialect): StoreOptions => migration.storeOptions(dialect);

/** The schema as it was before the migration under test. */
const migrateTo001 = (db: Knex, dialect: Dialect, schema: string | undefined) => migrateThrough(db, dialect, schema, [initialMigration]);

const now = '2026-01-01T00:00:00.000Z';

function logRow(requestId: string, clientToken: string | null) {
  return { request_id: requestId, ts: now, method: 'POST', path: '/v1/chat/completions', client_token: clientToken, status_code: 200, response_time_ms: 1, attempts: 1, amount_spent: '0.5000000000' };
}

describe.each<Dialect>(['sqlite', 'pg'])('migration 002 (hashed tokens) on %s', (dialect) => {
  it('hashes the stored keys, scrubs request_logs, keeps every row, and leaves no key behind', async () => {
    const options = storeOptions(dialect);
    const keyA = generateTokenKey();
    const keyB = generateTokenKey();
    const goneKey = generateTokenKey();
    const db = rawKnex(dialect, options);
    try {
      await migrateTo001(db, dialect, options.schema);
      const token = (key: string, name: string, max: string | null, spent: string) => ({
        key, name, allowed_models: JSON.stringify(['p/m']), max_amount: max, amount_spent: spent, enabled: true, created_at: now, updated_at: now,
      });
      await db('tokens').insert([token(keyA, 'alice', '10.0000000000', '1.5000000000'), token(keyB, 'bob', null, '0')]);
      await db('request_logs').insert([
        logRow('r1', keyA),
        logRow('r2', keyA),
        logRow('r3', keyB),
        logRow('r4', 'admin_token'),
        logRow('r5', goneKey),
        logRow('r6', null),
      ]);
    } finally {
      await db.destroy();
    }

    const store = harness.track(await createStore(options));
    expect(await store.knex('knex_migrations').orderBy('id').pluck('name')).toEqual(['001-initial', '002-hashed-tokens', '003-responses', '004-model-output-cap', '005-key-health', '006-alias-targets', '007-token-limits', '008-config-and-unlisted', '009-mcp', '010-request-log-indexes']);
    const a = await store.tokens.getByKey(keyA);
    const b = await store.tokens.getByKey(keyB);
    expect(a).toMatchObject({ name: 'alice', max_amount: 10, amount_spent: 1.5, allowed_models: ['p/m'], key_hint: `${keyA.slice(0, 4)}...${keyA.slice(-4)}` });
    expect(b).toMatchObject({ name: 'bob', max_amount: null });
    expect(await store.tokens.getByKey(goneKey)).toBeUndefined();

    const rows = await store.requestLogs.list({ limit: 100 });
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    expect(rows).toHaveLength(6);
    expect(byId.get('r1')).toMatchObject({ token_id: a!.id, token_name: 'alice', token_hint: a!.key_hint, amount_spent: 0.5 });
    expect(byId.get('r3')).toMatchObject({ token_id: b!.id, token_name: 'bob', token_hint: b!.key_hint });
    expect(byId.get('r4')).toMatchObject({ token_id: null, token_name: null, token_hint: 'admin_token' });
    expect(byId.get('r5')).toMatchObject({ token_id: null, token_name: null, token_hint: `${goneKey.slice(0, 4)}...${goneKey.slice(-4)}` });
    expect(byId.get('r6')).toMatchObject({ token_id: null, token_hint: null, client_request_id: null });
    expect(await store.requestLogs.totalCost(a!.id)).toBe(1);
    expect((await store.requestLogs.list({ token: 'admin_token', limit: 10 })).map((r) => r.request_id)).toEqual(['r4']);

    // new tokens and rotations still work on the migrated schema
    const fresh = await store.tokens.create({ key: generateTokenKey(), name: 'carol' });
    const newKey = generateTokenKey();
    expect(await store.tokens.rotateKey(a!.id, newKey)).toMatchObject({ id: a!.id, amount_spent: 1.5 });
    expect(await store.tokens.getByKey(keyA)).toBeUndefined();
    expect((await store.tokens.getByKey(newKey))?.id).toBe(a!.id);
    expect(fresh.id).toBeGreaterThan(b!.id);

    // no plaintext key anywhere: not in any column of any table
    const tables = ['tokens', 'request_logs', 'admin_logs', 'settings', 'providers', 'provider_keys'];
    const dump = JSON.stringify(await Promise.all(tables.map((t) => store.knex(t).select('*'))));
    for (const key of [keyA, keyB, goneKey, newKey]) expect(dump).not.toContain(key);
    expect(await store.knex.schema.hasColumn('tokens', 'key')).toBe(false);
    expect(await store.knex.schema.hasColumn('request_logs', 'client_token')).toBe(false);
    if (dialect === 'sqlite') {
      await store.close();
      const file = readFileSync(options.url.slice('sqlite://'.length));
      for (const key of [keyA, keyB, goneKey]) expect(file.includes(Buffer.from(key))).toBe(false);
    }
  });
});
