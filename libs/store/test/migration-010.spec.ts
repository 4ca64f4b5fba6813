import type { Knex } from 'knex';
import { createStore, type Dialect, type Store } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { responsesMigration } from '../src/migrations/003-responses';
import { modelOutputCapMigration } from '../src/migrations/004-model-output-cap';
import { keyHealthMigration } from '../src/migrations/005-key-health';
import { aliasTargetsMigration } from '../src/migrations/006-alias-targets';
import { tokenLimitsMigration } from '../src/migrations/007-token-limits';
import { configAndUnlistedMigration } from '../src/migrations/008-config-and-unlisted';
import { MigrationHarness, migrateThrough, rawKnex } from './support/migration-harness';
import { logInput } from './support/fixtures';
import { DIALECTS } from './support/store-harness';

const migration = new MigrationHarness('mig010');
afterAll(() => migration.cleanup());

const BEFORE_010 = [
  initialMigration,
  hashedTokensMigration,
  responsesMigration,
  modelOutputCapMigration,
  keyHealthMigration,
  aliasTargetsMigration,
  tokenLimitsMigration,
  configAndUnlistedMigration,
];

/** request_logs' indexes by name, each with its definition. */
async function indexes(store: Store, schema: string | undefined): Promise<Map<string, string>> {
  if (store.dialect === 'sqlite') {
    const rows: { name: string; sql: string | null }[] = await store.knex('sqlite_master').where({ type: 'index', tbl_name: 'request_logs' }).select('name', 'sql');
    return new Map(rows.map((r) => [r.name, r.sql ?? '']));
  }
  const rows: { indexname: string; indexdef: string }[] = await store
    .knex('pg_indexes')
    .where({ schemaname: schema, tablename: 'request_logs' })
    .select('indexname', 'indexdef');
  return new Map(rows.map((r) => [r.indexname, r.indexdef]));
}

/** The plan of a lookup by client_request_id, as text (PostgreSQL told to avoid a table scan). */
async function lookupPlan(store: Store, dialect: Dialect): Promise<string> {
  if (dialect === 'sqlite') {
    const rows: { detail: string }[] = await store.knex.raw('explain query plan select * from request_logs where client_request_id = ?', ['c-1']);
    return rows.map((r) => r.detail).join('\n');
  }
  return store.knex.transaction(async (trx: Knex.Transaction) => {
    await trx.raw('set local enable_seqscan = off');
    const result: { rows: Record<string, string>[] } = await trx.raw('explain select * from request_logs where client_request_id = ?', ['c-1']);
    return result.rows.map((r) => Object.values(r)[0]).join('\n');
  });
}

describe.each(DIALECTS)('migration 010 (request_logs indexes) on %s', (dialect) => {
  it('drops the model index, keeps client_request_id indexed where set, and keeps the rows', async () => {
    const options = migration.storeOptions(dialect);
    const db = rawKnex(dialect, options);
    const old = logInput({ client_request_id: 'c-1' });
    try {
      await migrateThrough(db, dialect, options.schema, BEFORE_010);
      const { attempt_details: _unused, ...columns } = old;
      await db('request_logs').insert({ ...columns, ts: dialect === 'pg' ? old.ts : '2026-01-01 08:00:00.000+08:00' });
    } finally {
      await db.destroy();
    }

    const store = migration.stores.track(await createStore(options));
    const found = await indexes(store, options.schema);
    expect([...found.keys()].filter((n) => !n.startsWith('sqlite_autoindex')).sort()).toEqual([
      'request_logs_client_request_id_index',
      ...(dialect === 'pg' ? ['request_logs_pkey'] : []),
      'request_logs_request_id_unique',
      'request_logs_token_id_index',
      'request_logs_ts_index',
    ]);
    expect(found.get('request_logs_client_request_id_index')).toMatch(/where.*client_request_id.*is not null/i);
    expect(await lookupPlan(store, dialect)).toMatch(/request_logs_client_request_id_index/);
    expect((await store.requestLogs.list({ client_request_id: 'c-1', limit: 10 })).map((r) => r.request_id)).toEqual([old.request_id]);
    const again = logInput({ client_request_id: 'c-1' });
    expect(await store.requestLogs.record([{ log: again, token_id: null }, { log: old, token_id: null }])).toMatchObject({
      inserted: [again.request_id],
      duplicates: [old.request_id],
    });
    expect((await store.requestLogs.list({ client_request_id: 'c-1', limit: 10 })).map((r) => r.request_id)).toEqual([again.request_id, old.request_id]);
  });
});
