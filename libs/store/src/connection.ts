import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { knex, type Knex } from 'knex';
import { ConfigError } from '@aigw/config';

export type Dialect = 'sqlite' | 'pg';

export type DatabaseTarget =
  | { dialect: 'sqlite'; /** absolute path, or ':memory:' */ filename: string }
  | { dialect: 'pg'; url: string; schema: string };

export interface ConnectionOptions {
  poolMax: number;
  timezone: string;
  /** SQLite: how long a statement waits for a lock held by another connection before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** Default SQLite busy timeout (busy_timeout pragma). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/**
 * WAL pages between automatic checkpoints (SQLite's default is 1,000). Issue 14: with 4,000 (a WAL
 * of up to 16 MB on disk with 4 KB pages) a checkpoint copies a page rewritten meanwhile once, not
 * once per 1,000 frames: 270-row batches into a 70k-row request_logs took about 16 us a row instead
 * of 23. 8,000 measured no better.
 */
export const SQLITE_WAL_CHECKPOINT_PAGES = 4000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `sqlite://data/aigw.db` (relative to cwd), `sqlite:///abs/aigw.db`, `sqlite::memory:`, or
 * `postgres://` / `postgresql://` URLs.
 */
export function parseDatabaseUrl(url: string, schema: string, cwd: string): DatabaseTarget {
  if (url === 'sqlite::memory:' || url === 'sqlite://:memory:') return { dialect: 'sqlite', filename: ':memory:' };
  if (url.startsWith('sqlite://')) {
    const path = decodeURIComponent(url.slice('sqlite://'.length));
    if (path.length === 0) throw new ConfigError(`database.url "${url}" names no SQLite file`);
    return { dialect: 'sqlite', filename: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!SCHEMA_NAME.test(schema)) {
      throw new ConfigError(`database.schema "${schema}" is not a valid schema name (letters, digits, _)`);
    }
    return { dialect: 'pg', url, schema };
  }
  throw new ConfigError(
    'database.url must start with sqlite:// (e.g. sqlite://data/aigw.db), be sqlite::memory:, or start with postgres://',
  );
}

interface SqliteConnection {
  pragma(source: string): unknown;
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
}

type AfterCreateDone<C> = (err: Error | null, connection: C) => void;

/** Owner only: the database holds token hashes, encrypted upstream keys and every request's log. */
const DATA_FILE_MODE = 0o600;
const DATA_DIR_MODE = 0o700;

/**
 * Creates the folder (0700, only the folders made here) and the database file (0600) before
 * better-sqlite3 opens it, and tightens an existing file: whatever the umask, no other user can
 * read it. chmod, because an open or mkdir mode passes through the umask first.
 */
function prepareSqliteFile(filename: string): void {
  const dir = dirname(filename);
  if (mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE }) !== undefined) chmodSync(dir, DATA_DIR_MODE);
  closeSync(openSync(filename, 'a', DATA_FILE_MODE));
  chmodSync(filename, DATA_FILE_MODE);
}

/** SQLite creates -wal and -shm on the first connection; they hold the same data as the file. */
function restrictSqliteSidecars(filename: string): void {
  for (const suffix of ['-wal', '-shm']) {
    const path = filename + suffix;
    // SQLite gives them the file's mode already; this holds even if that ever changes.
    if (existsSync(path)) chmodSync(path, DATA_FILE_MODE);
  }
}

function sqliteConfig(filename: string, busyTimeoutMs: number): Knex.Config {
  const onDisk = filename !== ':memory:';
  if (onDisk) prepareSqliteFile(filename);
  return {
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: better-sqlite3 is synchronous, and an in-memory database lives in its connection.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: AfterCreateDone<SqliteConnection>) {
        try {
          conn.pragma('journal_mode = WAL');
          // WAL + NORMAL never corrupts the file; a power cut may lose the last commits only.
          conn.pragma('synchronous = NORMAL');
          // The committing connection copies the WAL back into the file every SQLITE_WAL_CHECKPOINT_PAGES
          // pages; a random request_id dirties about one index page per logged row, so SQLite's
          // 1,000 checkpoints every few batches and copies the same pages again each time.
          conn.pragma(`wal_autocheckpoint = ${SQLITE_WAL_CHECKPOINT_PAGES}`);
          conn.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
          conn.pragma('foreign_keys = ON');
          // Deleted content is zeroed, not left in free pages: a token key dropped by migration 002,
          // or a pruned row, must not survive in the file.
          conn.pragma('secure_delete = ON');
          if (onDisk) restrictSqliteSidecars(filename);
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  };
}

function pgConfig(target: { url: string; schema: string }, options: ConnectionOptions): Knex.Config {
  const setZone = `SET TIME ZONE '${options.timezone.replace(/'/g, "''")}'`;
  return {
    client: 'pg',
    connection: target.url,
    searchPath: [target.schema],
    pool: {
      min: 0,
      max: options.poolMax,
      afterCreate(conn: PgConnection, done: AfterCreateDone<PgConnection>) {
        conn.query(setZone).then(
          () => done(null, conn),
          (err: Error) => done(err, conn),
        );
      },
    },
  };
}

/** Creates the PostgreSQL schema when missing (checked first rather than relying on IF NOT EXISTS). */
export async function ensureSchema(db: Knex, schema: string): Promise<void> {
  const found = await db('information_schema.schemata').where('schema_name', schema).first('schema_name');
  if (found) return;
  try {
    await db.raw('create schema ??', [schema]);
  } catch (err) {
    // Another instance created it in the meantime: 42P06 duplicate_schema, or 23505 when both
    // inserts into pg_namespace raced.
    const code = (err as { code?: unknown }).code;
    if (code !== '42P06' && code !== '23505') throw err;
  }
}

/** Opens the pool (creating the SQLite folder when missing) and checks that it answers. */
export async function openDatabase(target: DatabaseTarget, options: ConnectionOptions): Promise<Knex> {
  const db = knex(
    target.dialect === 'sqlite' ? sqliteConfig(target.filename, options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS) : pgConfig(target, options),
  );
  try {
    await db.raw('select 1');
    return db;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
