import type { Knex } from 'knex';
import type { DbRow } from '../values.util';

interface SqliteStatement {
  run(params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/** Prepared single-row inserts per better-sqlite3 connection, by SQL text. */
const prepared = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();

function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value ?? null;
}

/**
 * Inserts rows one at a time with a single-row statement prepared once per connection, on the
 * connection of the SQLite transaction `trx`. knex would build and prepare a new multi-row
 * statement for every batch, which on SQLite costs more than writing the rows (see docs/DEVLOG.md,
 * the benchmark's profile); the reused statement leaves only the insert itself.
 */
export async function insertRowsSqlite(trx: Knex.Transaction, table: string, columns: readonly string[], rows: DbRow[]): Promise<void> {
  if (rows.length === 0) return;
  const db = (await trx.client.acquireConnection()) as SqliteDatabase;
  let cache = prepared.get(db);
  if (!cache) {
    cache = new Map();
    prepared.set(db, cache);
  }
  const sql = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  for (const row of rows) statement.run(columns.map((c) => bindable(row[c])));
}
