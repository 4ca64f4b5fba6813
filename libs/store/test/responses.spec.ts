import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex as createKnex, type Knex } from 'knex';
import { createStore, type Dialect, type Store, type StoreOptions } from '../src';
import { initialMigration } from '../src/migrations/001-initial';
import { hashedTokensMigration } from '../src/migrations/002-hashed-tokens';
import { responsesMigration } from '../src/migrations/003-responses';
import { DIALECTS, SECRET, StoreHarness, TIMEZONE } from './support/store-harness';

const harness = new StoreHarness('t_store_responses');
const dirs: string[] = [];
afterAll(async () => {
  await harness.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const DAY_MS = 86_400_000;

function kept(id: string, token_id: number | null, created_at = new Date()) {
  return { id, token_id, provider: 'conv', key_id: null, model: 'conv/m', input_items: [{ role: 'user', content: 'hi' }], output_items: [{ type: 'message', content: [{ type: 'output_text', text: 'hello' }] }], created_at };
}

describe.each(DIALECTS)('responses on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await harness.open(dialect);
  });

  it('providers carry responses_api (default false), set on create and patch', async () => {
    const plain = await store.providers.create({ name: 'plain', api_type: 'openai', base_url: 'https://x/v1' });
    const flagged = await store.providers.create({ name: 'resp', api_type: 'openai', base_url: 'https://y/v1', responses_api: true });
    expect(plain.responses_api).toBe(false);
    expect(flagged.responses_api).toBe(true);
    expect((await store.providers.update(plain.id, { responses_api: true })).responses_api).toBe(true);
    expect((await store.providers.update(flagged.id, { enabled: false })).responses_api).toBe(true);
    expect((await store.routingData()).providers.map((p) => [p.name, p.responses_api])).toEqual([
      ['plain', true],
      ['resp', true],
    ]);
  });

  it('keeps a response with its items; only its own token finds it', async () => {
    await store.responses.save(kept('resp_a', 7));
    await store.responses.save(kept('resp_admin', null));
    await store.responses.save({ id: 'resp_pass', token_id: 7, provider: 'up', key_id: 3, model: 'up/m', input_items: null, output_items: null });
    const found = await store.responses.find('resp_a', 7);
    expect(found).toMatchObject({ id: 'resp_a', token_id: 7, provider: 'conv', key_id: null, model: 'conv/m', input_items: [{ role: 'user', content: 'hi' }] });
    expect(found?.output_items).toEqual([{ type: 'message', content: [{ type: 'output_text', text: 'hello' }] }]);
    expect(found?.created_at).toBeInstanceOf(Date);
    expect(await store.responses.find('resp_a', 8)).toBeUndefined();
    expect(await store.responses.find('resp_a', null)).toBeUndefined();
    expect(await store.responses.find('resp_admin', 7)).toBeUndefined();
    expect(await store.responses.find('resp_admin', null)).toMatchObject({ token_id: null });
    expect(await store.responses.find('resp_pass', 7)).toMatchObject({ key_id: 3, input_items: null, output_items: null });
    expect(await store.responses.find('resp_none', 7)).toBeUndefined();
  });

  it('prunes rows older than the cut-off, a batch at a time', async () => {
    const now = Date.now();
    for (let i = 0; i < 5; i++) await store.responses.save(kept(`old_${i}`, 1, new Date(now - 40 * DAY_MS - i * 1000)));
    await store.responses.save(kept('fresh', 1, new Date(now - DAY_MS)));
    const cut = new Date(now - 30 * DAY_MS);
    expect(await store.responses.prune(cut, 3)).toBe(3);
    expect(await store.responses.prune(cut, 3)).toBe(2);
    expect(await store.responses.prune(cut, 3)).toBe(0);
    expect(await store.knex('responses').pluck('id')).toEqual(['fresh']);
  });
});

/** A knex on the database the options name, migrated to 002 only. */
async function at002(dialect: Dialect, options: StoreOptions): Promise<Knex> {
  const db =
    dialect === 'sqlite'
      ? createKnex({ client: 'better-sqlite3', connection: { filename: options.url.slice('sqlite://'.length) }, useNullAsDefault: true })
      : createKnex({ client: 'pg', connection: options.url, searchPath: [options.schema!] });
  if (dialect === 'pg') await db.raw('create schema if not exists ??', [options.schema!]);
  const steps = [initialMigration, hashedTokensMigration];
  const source: Knex.MigrationSource<string> = {
    getMigrations: async () => steps.map((m) => m.name),
    getMigrationName: (name) => name,
    getMigration: async (name) => steps.find((m) => m.name === name)!,
  };
  await db.migrate.latest({ migrationSource: source, ...(dialect === 'pg' ? { schemaName: options.schema } : {}) });
  return db;
}

describe.each<Dialect>(['sqlite', 'pg'])('migration 003 (responses) on %s', (dialect) => {
  it('adds responses_api (false) to existing providers and an empty responses table; down undoes both', async () => {
    let options: StoreOptions;
    if (dialect === 'pg') options = harness.options('pg');
    else {
      const dir = mkdtempSync(join(tmpdir(), 'aigw-mig003-'));
      dirs.push(dir);
      options = { url: `sqlite://${join(dir, 'aigw.db')}`, secret: SECRET, timezone: TIMEZONE };
    }
    const db = await at002(dialect, options);
    try {
      const now = new Date().toISOString();
      await db('providers').insert({ name: 'old', api_type: 'openai', base_url: 'https://x/v1', key_strategy: 'first', enabled: true, created_at: now, updated_at: now });
    } finally {
      await db.destroy();
    }
    const store = harness.track(await createStore(options));
    expect(await store.knex('knex_migrations').orderBy('id').pluck('name')).toContain('003-responses');
    expect(await store.providers.getByName('old')).toMatchObject({ responses_api: false, enabled: true });
    expect(await store.knex('responses').count({ n: '*' })).toEqual([{ n: dialect === 'pg' ? '0' : 0 }]);

    await responsesMigration.down(store.knex);
    expect(await store.knex.schema.hasTable('responses')).toBe(false);
    expect(await store.knex.schema.hasColumn('providers', 'responses_api')).toBe(false);
  });
});
