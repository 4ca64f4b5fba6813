import type { Knex } from 'knex';
import type { DbRow } from '../values.util';

interface SqliteStatement {
  run(params: unknown[]): { changes: number };
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

function statementFor(db: SqliteDatabase, sql: string): SqliteStatement {
  let cache = prepared.get(db);
  if (!cache) {
    cache = new Map();
    prepared.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Inserts rows one at a time, in order, with a single-row statement prepared once per connection,
 * on the connection of the SQLite transaction `trx`; a row whose `uniqueColumn` value is already
 * stored (or was inserted earlier in `rows`) is skipped by `ON CONFLICT DO NOTHING`. Returns, per
 * row, whether it was inserted. knex would build and prepare a new multi-row statement for every
 * batch, which on SQLite costs more than writing the rows (docs/DEVLOG.md, the benchmark's profile);
 * the reused statement leaves only the insert itself, and the conflict clause saves a lookup of the
 * batch's keys before it.
 */
export async function insertNewRowsSqlite(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  uniqueColumn: string,
  rows: DbRow[],
): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const db = (await trx.client.acquireConnection()) as SqliteDatabase;
  const names = columns.map((c) => `"${c}"`).join(', ');
  const sql = `insert into "${table}" (${names}) values (${columns.map(() => '?').join(', ')}) on conflict ("${uniqueColumn}") do nothing`;
  const statement = statementFor(db, sql);
  return rows.map((row) => statement.run(columns.map((c) => bindable(row[c]))).changes > 0);
}
