import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex as createKnex, type Knex } from 'knex';
import { createStore, type Dialect, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { responsesMigration } from '../src/migrations/003-responses';
import { modelOutputCapMigration } from '../src/migrations/004-model-output-cap';
import { SECRET, StoreHarness, TIMEZONE } from './support/store-harness';

const harness = new StoreHarness('t_store_mig006');
const dirs: string[] = [];
afterAll(async () => {
  await harness.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function storeOptions(dialect: Dialect): StoreOptions {
  if (dialect === 'pg') return harness.options('pg');
  const dir = mkdtempSync(join(tmpdir(), 'aigw-mig006-'));
  dirs.push(dir);
  return { url: `sqlite://${join(dir, 'aigw.db')}`, secret: SECRET, timezone: TIMEZONE };
}

function rawKnex(dialect: Dialect, options: StoreOptions): Knex {
  if (dialect === 'sqlite') return createKnex({ client: 'better-sqlite3', connection: { filename: options.url.slice('sqlite://'.length) }, useNullAsDefault: true });
  return createKnex({ client: 'pg', connection: options.url, searchPath: [options.schema!] });
}

/** The schema as it was before 006: migrations 001 to 004. */
async function migrateBefore006(db: Knex, dialect: Dialect, schema: string | undefined): Promise<void> {
  if (dialect === 'pg') await db.raw('create schema if not exists ??', [schema!]);
  const steps = [initialMigration, hashedTokensMigration, responsesMigration, modelOutputCapMigration];
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
