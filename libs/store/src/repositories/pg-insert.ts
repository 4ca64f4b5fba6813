import type { Knex } from 'knex';
import { REQUEST_LOG_COLUMNS, REQUEST_LOG_PG_TYPES } from './request-log-columns';

const REQUEST_ID = REQUEST_LOG_COLUMNS.indexOf('request_id');

/**
 * One statement for any number of rows, its text always the same: one array parameter per column,
 * turned back into rows by unnest (in array order). A multi-row VALUES list would take a parameter
 * per value (30 per row), which knex builds and numbers and PostgreSQL parses and plans again for
 * every batch.
 */
const INSERT = `insert into "request_logs" (${REQUEST_LOG_COLUMNS.map((c) => `"${c}"`).join(', ')}) select * from unnest(${REQUEST_LOG_COLUMNS.map(
  (c) => `?::${REQUEST_LOG_PG_TYPES[c]!}[]`,
).join(', ')}) on conflict ("request_id") do nothing returning "request_id"`;

function byRequestId(a: unknown[], b: unknown[]): number {
  const x = String(a[REQUEST_ID]);
  const y = String(b[REQUEST_ID]);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Inserts the rows (values in REQUEST_LOG_COLUMNS order) in request_id order, one insert order for
 * every writer, so concurrent batches wait on each other instead of deadlocking; a request_id
 * already stored, or repeated in `rows`, is skipped by `on conflict do nothing`. Returns the
 * request_ids inserted. `rows` is sorted in place.
 */
export async function insertNewRowsPg(trx: Knex.Transaction, rows: unknown[][]): Promise<Set<string>> {
  rows.sort(byRequestId);
  // pg sends each JS array as an array literal (Dates as its timestamps, null as NULL).
  const columns = REQUEST_LOG_COLUMNS.map((_, i) => rows.map((values) => values[i]) as Knex.Value);
  const result: { rows: { request_id: string }[] } = await trx.raw(INSERT, columns);
  return new Set(result.rows.map((row) => row.request_id));
}
