import type { RequestLogInput } from '../types';
import { boundValue, REQUEST_LOG_BOUNDS, type ColumnBound } from './column-bounds';

/** The columns copied as they are; `attempt_details` is written as JSON text (see requestLogValues). */
export const PLAIN_COLUMNS: readonly Exclude<keyof RequestLogInput, 'attempt_details'>[] = [
  'request_id',
  'ts',
  'method',
  'path',
  'request_type',
  'client_request_id',
  'token_id',
  'token_name',
  'token_hint',
  'model',
  'upstream_model',
  'provider',
  'api_key',
  'status_code',
  'response_time_ms',
  'ttfb_ms',
  'attempts',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'usage_source',
  'amount_spent',
  'currency',
  'error_message',
  'upstream_status',
  'upstream_error',
  'clamped_from',
];

/** Every column a request_logs insert writes, in the order of requestLogValues. */
export const REQUEST_LOG_COLUMNS: readonly string[] = [...PLAIN_COLUMNS, 'attempt_details'];

/** Index of `ts` in REQUEST_LOG_COLUMNS. */
const TS = PLAIN_COLUMNS.indexOf('ts');
const ATTEMPTS = PLAIN_COLUMNS.length;

/** The bound of each column of REQUEST_LOG_COLUMNS, by position (undefined: written as given). */
const BOUNDS: readonly (ColumnBound | undefined)[] = REQUEST_LOG_COLUMNS.map((c) => REQUEST_LOG_BOUNDS[c]);

/**
 * The PostgreSQL type each column's value is read as from the batch's jsonb (see pg-insert.ts).
 * Strings are read as text: PostgreSQL assigns text to varchar columns, and the bounds keep every
 * value within its varchar length.
 */
export const REQUEST_LOG_PG_TYPES: Readonly<Record<string, string>> = {
  request_id: 'text',
  ts: 'timestamptz',
  method: 'text',
  path: 'text',
  request_type: 'text',
  client_request_id: 'text',
  token_id: 'int4',
  token_name: 'text',
  token_hint: 'text',
  model: 'text',
  upstream_model: 'text',
  provider: 'text',
  api_key: 'text',
  status_code: 'int4',
  response_time_ms: 'int4',
  ttfb_ms: 'int4',
  attempts: 'int4',
  prompt_tokens: 'int4',
  completion_tokens: 'int4',
  total_tokens: 'int4',
  cached_tokens: 'int4',
  reasoning_tokens: 'int4',
  usage_source: 'text',
  amount_spent: 'numeric',
  currency: 'text',
  error_message: 'text',
  upstream_status: 'int4',
  upstream_error: 'text',
  clamped_from: 'int4',
  attempt_details: 'text',
};

/**
 * One log as the values of its row, in REQUEST_LOG_COLUMNS order: exactly the columns (a caller's
 * object may carry more fields), undefined as null, `ts` as `toDb` writes it, the attempts as JSON
 * text (null when there are none), and each value fitted to what its column holds (column-bounds.ts):
 * the row is the bill, so no value a request carried may stop it being written. One array per row
 * and no intermediate row object: this runs for every request.
 */
export function requestLogValues(log: RequestLogInput, toDb: (date: Date) => unknown): unknown[] {
  const values = new Array<unknown>(ATTEMPTS + 1);
  for (let i = 0; i < ATTEMPTS; i += 1) {
    const value = i === TS ? toDb(log.ts) : (log[PLAIN_COLUMNS[i]!] ?? null);
    const bound = BOUNDS[i];
    values[i] = bound === undefined ? value : boundValue(value, bound);
  }
  const attempts = log.attempt_details;
  values[ATTEMPTS] = attempts && attempts.length > 0 ? boundValue(JSON.stringify(attempts), BOUNDS[ATTEMPTS]!) : null;
  return values;
}
