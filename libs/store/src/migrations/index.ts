import type { Knex } from 'knex';
import { ensureSchema, type DatabaseTarget } from '../connection';
import { initialMigration } from './001-initial';
import { hashedTokensMigration } from './002-hashed-tokens';
import { responsesMigration } from './003-responses';
import { modelOutputCapMigration } from './004-model-output-cap';
import { keyHealthMigration } from './005-key-health';
import { aliasTargetsMigration } from './006-alias-targets';
import { tokenLimitsMigration } from './007-token-limits';
import { configAndUnlistedMigration } from './008-config-and-unlisted';
import { mcpMigration } from './009-mcp';
import { requestLogIndexesMigration } from './010-request-log-indexes';
import type { StoreMigration } from './migration';
import { withMigrationLock } from './pg-lock';

/** Every migration, oldest first. Append only. */
const MIGRATIONS: readonly StoreMigration[] = [
  initialMigration,
  hashedTokensMigration,
  responsesMigration,
  modelOutputCapMigration,
  keyHealthMigration,
  aliasTargetsMigration,
  tokenLimitsMigration,
  configAndUnlistedMigration,
  mcpMigration,
  requestLogIndexesMigration,
];

class InCodeMigrationSource implements Knex.MigrationSource<StoreMigration> {
  async getMigrations(): Promise<StoreMigration[]> {
    return [...MIGRATIONS];
  }

  getMigrationName(migration: StoreMigration): string {
    return migration.name;
  }

  async getMigration(migration: StoreMigration): Promise<Knex.Migration> {
    return { up: migration.up, down: migration.down };
  }
}

/**
 * Brings the schema up to date. On PostgreSQL the schema is created when missing, and both steps
 * run under an advisory lock so several instances can start at once against a fresh database.
 */
export async function migrateToLatest(knex: Knex, target: DatabaseTarget): Promise<void> {
  const migrationSource = new InCodeMigrationSource();
  if (target.dialect === 'sqlite') {
    await knex.migrate.latest({ migrationSource });
    return;
  }
  await withMigrationLock(target.url, target.schema, async () => {
    await ensureSchema(knex, target.schema);
    await knex.migrate.latest({ migrationSource, schemaName: target.schema });
  });
}
