import type { Knex } from 'knex';
import { createStore, type Dialect } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { responsesMigration } from '../src/migrations/003-responses';
import { modelOutputCapMigration } from '../src/migrations/004-model-output-cap';
import { keyHealthMigration } from '../src/migrations/005-key-health';
import { aliasTargetsMigration } from '../src/migrations/006-alias-targets';
import { tokenLimitsMigration } from '../src/migrations/007-token-limits';
import { configAndUnlistedMigration } from '../src/migrations/008-config-and-unlisted';
import { MigrationHarness, migrateThrough, rawKnex } from './support/migration-harness';
import { DIALECTS } from './support/store-harness';

const migration = new MigrationHarness('mig009');
const harness = migration.stores;
afterAll(() => migration.cleanup());

const BEFORE_009 = [initialMigration, hashedTokensMigration, responsesMigration, modelOutputCapMigration, keyHealthMigration, aliasTargetsMigration, tokenLimitsMigration, configAndUnlistedMigration];
const migrateBefore009 = (db: Knex, dialect: Dialect, schema: string | undefined) => migrateThrough(db, dialect, schema, BEFORE_009);

const now = '2026-01-01T00:00:00.000Z';

describe.each(DIALECTS)('migration 009 (mcp_servers, tokens.mcp_allowed) on %s', (dialect) => {
  it('keeps tokens already there with no MCP access, and creates an empty mcp_servers table', async () => {
    const options = migration.storeOptions(dialect);
    const db = rawKnex(dialect, options);
    try {
      await migrateBefore009(db, dialect, options.schema);
      expect(await db.schema.hasTable('mcp_servers')).toBe(false);
      await db('tokens').insert({ key_hash: 'a'.repeat(64), key_hint: 'sk-a...aaaa', name: 'old', amount_spent: 0, enabled: true, created_at: now, updated_at: now });
    } finally {
      await db.destroy();
    }
    const store = harness.track(await createStore(options));
    expect((await store.tokens.list()).map((t) => [t.name, t.mcp_allowed])).toEqual([['old', null]]);
    expect(await store.mcpServers.list()).toEqual([]);
    const created = await store.mcpServers.create({ name: 'fresh', transport: 'streamable_http', url: 'http://127.0.0.1:1/mcp' });
    expect(created).toMatchObject({ status: 'unknown', enabled: true, source: 'api' });
  });
});
