import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex as createKnex, type Knex } from 'knex';
import type { Dialect, StoreOptions } from '../../src';
import type { StoreMigration } from '../../src/migrations/migration';
import { SECRET, StoreHarness, TIMEZONE } from './store-harness';

/**
 * What a migration spec needs: a database per test (a SQLite file on disk, or a PostgreSQL schema)
 * that a raw knex can bring to the schema as it was before the migration under test, and that the
 * store then opens and migrates the rest of the way.
 */
export class MigrationHarness {
  readonly stores: StoreHarness;
  private readonly dirs: string[] = [];

  constructor(private readonly name: string) {
    this.stores = new StoreHarness(`t_store_${name}`);
  }

  storeOptions(dialect: Dialect): StoreOptions {
    if (dialect === 'pg') return this.stores.options('pg');
    const dir = mkdtempSync(join(tmpdir(), `aigw-${this.name}-`));
    this.dirs.push(dir);
    return { url: `sqlite://${join(dir, 'aigw.db')}`, secret: SECRET, timezone: TIMEZONE };
  }

  async cleanup(): Promise<void> {
    await this.stores.cleanup();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** A knex on the same database the store options name. */
export function rawKnex(dialect: Dialect, options: StoreOptions): Knex {
  if (dialect === 'sqlite') return createKnex({ client: 'better-sqlite3', connection: { filename: options.url.slice('sqlite://'.length) }, useNullAsDefault: true });
  return createKnex({ client: 'pg', connection: options.url, searchPath: [options.schema!] });
}

/** Runs only these migrations, in order: the schema as it was before the ones that follow. */
export async function migrateThrough(db: Knex, dialect: Dialect, schema: string | undefined, steps: readonly StoreMigration[]): Promise<void> {
  if (dialect === 'pg') await db.raw('create schema if not exists ??', [schema!]);
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
