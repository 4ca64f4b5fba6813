import type { Knex } from 'knex';
import { createStore, type Dialect, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { MigrationHarness, migrateThrough, rawKnex } from './support/migration-harness';

const migration = new MigrationHarness('mig004');
const harness = migration.stores;
afterAll(() => migration.cleanup());
const storeOptions = (dialect: Dialect): StoreOptions => migration.storeOptions(dialect);

/** The schema as it was before the migration under test. */
const migrateBefore004 = (db: Knex, dialect: Dialect, schema: string | undefined) => migrateThrough(db, dialect, schema, [initialMigration, hashedTokensMigration]);

const now = '2026-01-01T00:00:00.000Z';

describe.each<Dialect>(['sqlite', 'pg'])('migration 004 (model output cap) on %s', (dialect) => {
  it('adds models.max_output_tokens and request_logs.clamped_from; rows already there read as no cap and not clamped', async () => {
    const options = storeOptions(dialect);
    const db = rawKnex(dialect, options);
    try {
      await migrateBefore004(db, dialect, options.schema);
      await db('providers').insert({ name: 'claude', api_type: 'anthropic', base_url: 'https://x', key_strategy: 'first', enabled: true, created_at: now, updated_at: now });
      const provider: { id: number } = await db('providers').first('id');
      await db('models').insert({ provider_id: provider.id, model_id: 'claude-haiku', created_at: now });
      await db('request_logs').insert({ request_id: 'r1', ts: now, method: 'POST', path: '/v1/messages', status_code: 200, response_time_ms: 1, attempts: 1 });
    } finally {
      await db.destroy();
    }

    const store = harness.track(await createStore(options));
    const [model] = await store.models.list();
    expect(model).toMatchObject({ model_id: 'claude-haiku', max_output_tokens: null });
    const [row] = await store.requestLogs.list({ limit: 1 });
    expect(row).toMatchObject({ request_id: 'r1', clamped_from: null });
    expect(await store.models.setOutputCap(model!.provider_id, 'claude-haiku', 8192)).toMatchObject({ max_output_tokens: 8192 });
  });
});
