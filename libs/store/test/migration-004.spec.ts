import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex as createKnex, type Knex } from 'knex';
import { createStore, type Dialect, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { SECRET, StoreHarness, TIMEZONE } from './support/store-harness';

const harness = new StoreHarness('t_store_mig004');
const dirs: string[] = [];
afterAll(async () => {
  await harness.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function storeOptions(dialect: Dialect): StoreOptions {
  if (dialect === 'pg') return harness.options('pg');
  const dir = mkdtempSync(join(tmpdir(), 'aigw-mig004-'));
  dirs.push(dir);
  return { url: `sqlite://${join(dir, 'aigw.db')}`, secret: SECRET, timezone: TIMEZONE };
}

function rawKnex(dialect: Dialect, options: StoreOptions): Knex {
  if (dialect === 'sqlite') return createKnex({ client: 'better-sqlite3', connection: { filename: options.url.slice('sqlite://'.length) }, useNullAsDefault: true });
  return createKnex({ client: 'pg', connection: options.url, searchPath: [options.schema!] });
}

/** The schema as it was before 004: migrations 001 and 002 only. */
async function migrateBefore004(db: Knex, dialect: Dialect, schema: string | undefined): Promise<void> {
  if (dialect === 'pg') await db.raw('create schema if not exists ??', [schema!]);
  const steps = [initialMigration, hashedTokensMigration];
  const source: Knex.MigrationSource<string> = {
    getMigrations: async () => steps.map((m) => m.name),
    getMigrationName: (name) => name,
    getMigration: async (name) => {
      const step = steps.find((m) => m.name === name)!;
      return { up: step.up, down: step.down };
    },
  };
  await db.migrate.latest({ migrationSource: source, ...(dialect === 'pg' ? { schemaName: schema } : {}) });
}

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
