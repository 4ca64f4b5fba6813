import type { Knex } from 'knex';
import { REQUEST_LOG_COLUMNS, REQUEST_LOG_PG_TYPES } from './request-log-columns';

const REQUEST_ID = REQUEST_LOG_COLUMNS.indexOf('request_id');

/**
 * One statement for any number of rows, its text always the same: the rows go as one jsonb
 * parameter, an array of rows each an array of its values in REQUEST_LOG_COLUMNS order, and come
 * back as rows in array order. A multi-row VALUES list would take a parameter per value (30 per
 * row), which knex builds and numbers and PostgreSQL parses and plans again for every batch; one
 * array parameter per column (unnest) costs pg an escaped array literal built value by value,
 * where JSON.stringify writes the whole batch at once.
 */
const INSERT = `insert into "request_logs" (${REQUEST_LOG_COLUMNS.map((c) => `"${c}"`).join(', ')}) select ${REQUEST_LOG_COLUMNS.map(
  (c, i) => `(r->>${i})::${REQUEST_LOG_PG_TYPES[c]!}`,
).join(', ')} from jsonb_array_elements($1::jsonb) as r on conflict ("request_id") do nothing returning "request_id"`;

/**
 * The name the insert is prepared under on each connection (pg prepares a named statement once per
 * connection and then only binds it). The text names no schema: a connection of the store's pool
 * resolves it through its own search_path, the one schema that pool serves.
 */
const INSERT_NAME = 'aigw_request_logs_insert_v1';

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: { request_id: string }[] }>;
}

function byRequestId(a: unknown[], b: unknown[]): number {
  const x = String(a[REQUEST_ID]);
  const y = String(b[REQUEST_ID]);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The batch as the jsonb text of its rows. The bounded columns hold no lone surrogate (column-bounds.ts);
 * request_id is not bounded, and gets what a bound parameter would have had from pg's UTF-8
 * encoding (U+FFFD), where jsonb would refuse the batch for JSON's \ud800 escape.
 */
function batchJson(rows: unknown[][]): string {
  for (const values of rows) {
    const id = values[REQUEST_ID];
    if (typeof id === 'string' && /[\ud800-\udfff]/.test(id)) values[REQUEST_ID] = id.replace(LONE_SURROGATE, '\ufffd');
  }
  // Dates become ISO 8601 with milliseconds and Z, which timestamptz reads as the same instant.
  return JSON.stringify(rows);
}

/**
 * Inserts the rows (values in REQUEST_LOG_COLUMNS order) in request_id order, one insert order for
 * every writer, so concurrent batches wait on each other instead of deadlocking; a request_id
 * already stored, or repeated in `rows`, is skipped by `on conflict do nothing`. Returns the
 * request_ids inserted. `rows` is sorted in place.
 */
export async function insertNewRowsPg(trx: Knex.Transaction, rows: unknown[][]): Promise<Set<string>> {
  rows.sort(byRequestId);
  // Straight to the transaction's connection: knex adds nothing to a statement of fixed text.
  const connection = (await trx.client.acquireConnection()) as PgConnection;
  const result = await connection.query({ name: INSERT_NAME, text: INSERT, values: [batchJson(rows)] });
  return new Set(result.rows.map((row) => row.request_id));
}
