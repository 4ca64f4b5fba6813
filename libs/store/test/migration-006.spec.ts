import type { Knex } from 'knex';
import { createStore, type Dialect, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { responsesMigration } from '../src/migrations/003-responses';
import { modelOutputCapMigration } from '../src/migrations/004-model-output-cap';
import { MigrationHarness, migrateThrough, rawKnex } from './support/migration-harness';

const migration = new MigrationHarness('mig006');
const harness = migration.stores;
afterAll(() => migration.cleanup());
const storeOptions = (dialect: Dialect): StoreOptions => migration.storeOptions(dialect);

/** The schema as it was before the migration under test. */
const migrateBefore006 = (db: Knex, dialect: Dialect, schema: string | undefined) => migrateThrough(db, dialect, schema, [initialMigration, hashedTokensMigration, responsesMigration, modelOutputCapMigration]);

const now = '2026-01-01T00:00:00.000Z';

describe.each<Dialect>(['sqlite', 'pg'])('migration 006 (alias targets, attempt details) on %s', (dialect) => {
  it('adds aliases.targets and request_logs.attempt_details; an alias already there reads as its one target, a row as no attempts', async () => {
    const options = storeOptions(dialect);
    const db = rawKnex(dialect, options);
    try {
      await migrateBefore006(db, dialect, options.schema);
      await db('aliases').insert({ alias: 'fast', target: 'openai/gpt-4o-mini' });
      await db('request_logs').insert({ request_id: 'r1', ts: now, method: 'POST', path: '/v1/chat/completions', status_code: 200, response_time_ms: 1, attempts: 1 });
    } finally {
      await db.destroy();
    }

    const store = harness.track(await createStore(options));
    expect(await store.aliases.list()).toEqual([{ alias: 'fast', target: 'openai/gpt-4o-mini', targets: [{ model: 'openai/gpt-4o-mini', priority: 0, weight: 1 }] }]);
    const [row] = await store.requestLogs.list({ limit: 1 });
    expect(row).toMatchObject({ request_id: 'r1', attempt_details: null });
  });
});
