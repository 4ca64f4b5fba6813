import type { Knex } from 'knex';
import { BUDGET_EPSILON } from '../money';
import type { LoggedRequest } from '../types';
import { REQUEST_LOG_COLUMNS } from './request-log-columns';
import { debitSums, type DebitResult } from './token-debit';

interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

/** What one batch writes: the rows (values in REQUEST_LOG_COLUMNS order) and the entries they debit. */
type RecordFn = (rows: unknown[][], entries: readonly LoggedRequest[], now: () => string) => { isNew: boolean[]; debit: DebitResult };

const names = REQUEST_LOG_COLUMNS.map((c) => `"${c}"`).join(', ');
const INSERT = `insert into "request_logs" (${names}) values (${REQUEST_LOG_COLUMNS.map(() => '?').join(', ')}) on conflict ("request_id") do nothing`;
const DEBIT = 'update "tokens" set "amount_spent" = "amount_spent" + ? where "id" = ?';
// budgetReached in SQL (a constant of ours, not input), as debitTokens asks it.
const REACHED = `select "id" from "tokens" where "id" = ? and "max_amount" is not null and "amount_spent" + ${BUDGET_EPSILON} >= "max_amount" and "enabled" = 1`;
const DISABLE = `update "tokens" set "enabled" = 0, "disabled_reason" = 'exhausted', "updated_at" = ? where "id" = ?`;

/** The batch writer of each better-sqlite3 connection, its statements prepared once. */
const writers = new WeakMap<SqliteDatabase, RecordFn>();

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; knex turned Dates and booleans into numbers. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value ?? null;
}

function writerFor(db: SqliteDatabase): RecordFn {
  let writer = writers.get(db);
  if (writer) return writer;
  const insert = db.prepare(INSERT);
  const debit = db.prepare(DEBIT);
  const reached = db.prepare(REACHED);
  const disable = db.prepare(DISABLE);
  writer = db.transaction((rows: unknown[][], entries: readonly LoggedRequest[], now: () => string) => {
    const isNew = rows.map((values) => {
      for (let i = 0; i < values.length; i += 1) {
        const v = values[i];
        if (v !== null && typeof v !== 'string' && typeof v !== 'number') values[i] = bindable(v);
      }
      return insert.run(values).changes > 0;
    });
    const fresh = entries.filter((_, i) => isNew[i]);
    const debited: number[] = [];
    for (const [id, amount] of debitSums(fresh)) {
      if (debit.run(amount, id).changes > 0) debited.push(id);
    }
    const exhausted = debited.filter((id) => reached.get(id) !== undefined);
    if (exhausted.length > 0) {
      const updatedAt = now();
      for (const id of exhausted) disable.run(updatedAt, id);
    }
    return { isNew, debit: { debited, exhausted } };
  });
  writers.set(db, writer);
  return writer;
}

/**
 * One batch on SQLite in one transaction, on the knex pool's connection: its rows inserted in
 * order (ids follow the requests), a request_id already stored or earlier in the batch skipped by
 * `on conflict do nothing`, and the debit of the rows inserted now (as debitTokens does it). The
 * statements are prepared once per connection and run synchronously: knex would build and prepare
 * every statement of every batch again, which costs more than writing the rows. While the
 * transaction runs nothing else can use the connection (the pool holds one, and this holds it).
 * Returns, per row, whether it was inserted, and the debit.
 */
export async function recordSqlite(
  knex: Knex,
  rows: unknown[][],
  entries: readonly LoggedRequest[],
  /** updated_at of a token disabled now, as the column holds it. */
  now: () => string,
): Promise<{ isNew: boolean[]; debit: DebitResult }> {
  const client = knex.client as Knex.Client;
  const db = (await client.acquireConnection()) as SqliteDatabase;
  try {
    return writerFor(db)(rows, entries, now);
  } finally {
    await client.releaseConnection(db);
  }
}
