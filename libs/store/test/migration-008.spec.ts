import type { Knex } from 'knex';
import { createStore, type Dialect, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { responsesMigration } from '../src/migrations/003-responses';
import { modelOutputCapMigration } from '../src/migrations/004-model-output-cap';
import { MigrationHarness, migrateThrough, rawKnex } from './support/migration-harness';
import { DIALECTS } from './support/store-harness';

const migration = new MigrationHarness('mig008');
const harness = migration.stores;
afterAll(() => migration.cleanup());
const storeOptions = (dialect: Dialect): StoreOptions => migration.storeOptions(dialect);

/** The schema as it was before the migration under test. */
const migrateBefore008 = (db: Knex, dialect: Dialect, schema: string | undefined) => migrateThrough(db, dialect, schema, [initialMigration, hashedTokensMigration, responsesMigration, modelOutputCapMigration]);

const now = '2026-01-01T00:00:00.000Z';

describe.each(DIALECTS)('migrations after 004 (admin_logs.actor from 005, models.unlisted from 008) on %s', (dialect) => {
  it('keeps rows already there as actor admin and listed models; new rows carry what they are given', async () => {
    const options = storeOptions(dialect);
    const db = rawKnex(dialect, options);
    try {
      await migrateBefore008(db, dialect, options.schema);
      await db('providers').insert({ name: 'relay', api_type: 'openai', base_url: 'https://x', key_strategy: 'first', enabled: true, created_at: now, updated_at: now });
      const provider: { id: number } = await db('providers').first('id');
      await db('models').insert({ provider_id: provider.id, model_id: 'old-model', created_at: now });
      await db('admin_logs').insert({ ts: now, method: 'POST', path: '/admin/providers', operation: 'provider.create', status_code: 201 });
    } finally {
      await db.destroy();
    }

    const store = harness.track(await createStore(options));
    const provider = (await store.providers.getByName('relay'))!;
    expect((await store.models.list(provider.id)).map((m) => [m.model_id, m.unlisted])).toEqual([['old-model', false]]);
    expect((await store.adminLogs.list({ limit: 10 })).map((l) => l.actor)).toEqual(['admin']);

    await store.models.add(provider.id, ['hidden', 'shown'], null, new Set(['hidden']));
    expect((await store.models.list(provider.id)).map((m) => [m.model_id, m.unlisted])).toEqual([
      ['hidden', true],
      ['old-model', false],
      ['shown', false],
    ]);
    await store.adminLogs.insert([{ ts: new Date(), actor: 'config', method: 'CONFIG', path: '[[providers]]', operation: 'provider.create', target: 'relay', status_code: 200, error_message: null, detail: null }]);
    expect((await store.adminLogs.list({ limit: 10 })).map((l) => l.actor)).toEqual(['config', 'admin']);
  });
});

describe.each(DIALECTS)('keys.addMissing on %s', (dialect) => {
  it('adds only the keys not stored for the provider, by hash, and each repeat once', async () => {
    const store = await harness.open(dialect);
    const p = await store.providers.create({ name: 'p', api_type: 'openai', base_url: 'https://x/v1' });
    const other = await store.providers.create({ name: 'q', api_type: 'openai', base_url: 'https://y/v1' });
    await store.keys.add(p.id, ['sk-aaaa-1111']);
    await store.keys.add(other.id, ['sk-bbbb-2222']);
    const added = await store.keys.addMissing(p.id, ['sk-aaaa-1111', 'sk-bbbb-2222', 'sk-bbbb-2222']);
    expect(added.map((k) => k.key_hint)).toEqual(['sk-...222']);
    expect(await store.keys.addMissing(p.id, ['sk-aaaa-1111', 'sk-bbbb-2222'])).toEqual([]);
    expect((await store.keys.listWithSecrets(p.id)).map((k) => k.key)).toEqual(['sk-aaaa-1111', 'sk-bbbb-2222']);
  });
});
