import { chmodSync, mkdtempSync, rmSync, statSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@aigw/config';
import { createStore } from '../src';
import { SQLITE_WAL_CHECKPOINT_PAGES } from '../src/connection';
import { DIALECTS, SECRET, StoreHarness, TIMEZONE, testPostgresUrl } from './support/store-harness';

const TABLES = ['providers', 'provider_keys', 'models', 'aliases', 'model_prices', 'tokens', 'request_logs', 'admin_logs', 'settings', 'mcp_servers'];

const harness = new StoreHarness('t_store_setup');
afterAll(() => harness.cleanup());

describe.each(DIALECTS)('setup on %s', (dialect) => {
  it('creates every table, and a second createStore on the same database migrates nothing and works', async () => {
    const options = harness.options(dialect);
    const first = harness.track(await createStore(options));
    for (const table of TABLES) expect(await first.knex.schema.hasTable(table)).toBe(true);
    if (dialect === 'pg') {
      const second = harness.track(await createStore(options));
      await second.settings.set('probe', 'x');
      expect(await first.settings.get('probe')).toBe('x');
      const migrations = await second.knex('knex_migrations').select('name');
      expect(migrations.map((m: { name: string }) => m.name)).toEqual(['001-initial', '002-hashed-tokens', '003-responses', '004-model-output-cap', '005-key-health', '006-alias-targets', '007-token-limits', '008-config-and-unlisted', '009-mcp', '010-request-log-indexes']);
      const inSchema = await first.knex('information_schema.tables').where('table_schema', options.schema!).pluck('table_name');
      expect(inSchema).toEqual(expect.arrayContaining(TABLES));
    }
    await first.ping();
  });

  it('rejects a bad timezone with a ConfigError', async () => {
    await expect(createStore(harness.options(dialect, { timezone: 'Mars/Olympus' }))).rejects.toThrow(ConfigError);
  });
});

describe('PostgreSQL start-up', () => {
  it('several instances starting at once against a fresh schema all come up', async () => {
    const options = harness.options('pg');
    const started = await Promise.allSettled([1, 2, 3, 4, 5].map(() => createStore(options)));
    const stores = started.flatMap((r) => (r.status === 'fulfilled' ? [harness.track(r.value)] : []));
    expect(started.filter((r) => r.status === 'rejected')).toEqual([]);
    await Promise.all(stores.map((s) => s.settings.set('probe', 'x')));
    expect(await stores[0]!.knex('knex_migrations').pluck('name')).toEqual(['001-initial', '002-hashed-tokens', '003-responses', '004-model-output-cap', '005-key-health', '006-alias-targets', '007-token-limits', '008-config-and-unlisted', '009-mcp', '010-request-log-indexes']);
    // knex's lock table keeps its single row (two rows would lock every later start out).
    expect(await stores[0]!.knex('knex_migrations_lock').pluck('is_locked')).toEqual([0]);
  });
});

describe('SQLite file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the data folder and file when missing, resolved against cwd, in WAL mode', async () => {
    const store = await createStore({ url: 'sqlite://data/nested/aigw.db', cwd: dir, secret: SECRET, timezone: TIMEZONE });
    try {
      expect(existsSync(join(dir, 'data/nested/aigw.db'))).toBe(true);
      const mode = await store.knex.raw('pragma journal_mode');
      expect(mode).toEqual([{ journal_mode: 'wal' }]);
      expect(await store.knex.raw('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('checkpoints the WAL every SQLITE_WAL_CHECKPOINT_PAGES pages, not SQLite\'s 1,000', async () => {
    const store = await createStore({ url: 'sqlite://aigw.db', cwd: dir, secret: SECRET, timezone: TIMEZONE });
    try {
      expect(SQLITE_WAL_CHECKPOINT_PAGES).toBeGreaterThan(1000);
      expect(await store.knex.raw('pragma wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: SQLITE_WAL_CHECKPOINT_PAGES }]);
    } finally {
      await store.close();
    }
  });

  it('generates data/secret.key with mode 0600 when no secret is set, and reuses it on the next start', async () => {
    const options = { url: 'sqlite://data/aigw.db', cwd: dir, timezone: TIMEZONE, secret: '' };
    const first = await createStore(options);
    const provider = await first.providers.create({ name: 'p1', api_type: 'openai', base_url: 'https://x/v1' });
    await first.keys.add(provider.id, ['sk-secret-key-0001']);
    await first.close();

    const path = join(dir, 'data', 'secret.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const secret = readFileSync(path, 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    const second = await createStore(options);
    try {
      expect(await second.knex('knex_migrations').pluck('name')).toEqual(['001-initial', '002-hashed-tokens', '003-responses', '004-model-output-cap', '005-key-health', '006-alias-targets', '007-token-limits', '008-config-and-unlisted', '009-mcp', '010-request-log-indexes']);
      expect(readFileSync(path, 'utf8').trim()).toBe(secret);
      const keys = await second.keys.listWithSecrets(provider.id);
      expect(keys.map((k) => k.key)).toEqual(['sk-secret-key-0001']);
    } finally {
      await second.close();
    }
  });

  it('creates the folder 0700 and the database, -wal, -shm and secret.key 0600, whatever the umask', async () => {
    const previous = process.umask(0);
    let store;
    try {
      store = await createStore({ url: 'sqlite://data/aigw.db', cwd: dir, timezone: TIMEZONE, secret: '' });
      await store.settings.set('probe', 'x');
      const modeOf = (name: string) => statSync(join(dir, 'data', name)).mode & 0o777;
      expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
      expect([modeOf('aigw.db'), modeOf('aigw.db-wal'), modeOf('aigw.db-shm'), modeOf('secret.key')]).toEqual([0o600, 0o600, 0o600, 0o600]);
    } finally {
      process.umask(previous);
      await store?.close();
    }
  });

  it('tightens an existing world-readable database file to 0600', async () => {
    const url = 'sqlite://aigw.db';
    const first = await createStore({ url, cwd: dir, timezone: TIMEZONE, secret: SECRET });
    await first.close();
    chmodSync(join(dir, 'aigw.db'), 0o644);
    const second = await createStore({ url, cwd: dir, timezone: TIMEZONE, secret: SECRET });
    try {
      expect(statSync(join(dir, 'aigw.db')).mode & 0o777).toBe(0o600);
    } finally {
      await second.close();
    }
  });

  it('cannot decrypt keys under another secret, and says so', async () => {
    const url = 'sqlite://aigw.db';
    const first = await createStore({ url, cwd: dir, timezone: TIMEZONE, secret: 'one' });
    const provider = await first.providers.create({ name: 'p1', api_type: 'openai', base_url: 'https://x/v1' });
    await first.keys.add(provider.id, ['sk-secret-key-0001']);
    await first.close();
    const second = await createStore({ url, cwd: dir, timezone: TIMEZONE, secret: 'two' });
    try {
      await expect(second.routingData()).rejects.toThrow(/security\.secret/);
    } finally {
      await second.close();
    }
  });
});

describe('configuration errors', () => {
  it('requires a secret with PostgreSQL', async () => {
    const attempt = createStore({ url: testPostgresUrl(), secret: '', timezone: TIMEZONE });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/security\.secret is required when database\.url is PostgreSQL/);
  });

  it('rejects an unknown database URL', async () => {
    await expect(createStore({ url: 'mysql://x', secret: SECRET, timezone: TIMEZONE })).rejects.toThrow(ConfigError);
  });

  it('rejects an invalid PostgreSQL schema name', async () => {
    const attempt = createStore({ url: testPostgresUrl(), schema: 'bad;name', secret: SECRET, timezone: TIMEZONE });
    await expect(attempt).rejects.toThrow(ConfigError);
  });
});
