import type { Knex } from 'knex';
import { ADMIN_TOKEN_LABEL, type AttemptDetail, type LogFilter, type LoggedRequest, type RecordResult, type RequestLog } from '../types';
import { toNullableNumber, toNullableString, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { insertNewRowsPg } from './pg-insert';
import { requestLogValues } from './request-log-columns';
import { recordSqlite } from './sqlite-record';
import { debitTokens } from './token-debit';

const NULLABLE_INTEGERS = [
  'token_id',
  'ttfb_ms',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'upstream_status',
  'clamped_from',
] as const;
const NULLABLE_TEXT = [
  'request_type',
  'client_request_id',
  'token_name',
  'token_hint',
  'model',
  'upstream_model',
  'provider',
  'api_key',
  'currency',
  'error_message',
  'upstream_error',
] as const;

/** Request logs: written by the log-writer (record), read by the admin API and /v1/token/usage. */
export class RequestLogRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toLog(row: DbRow): RequestLog {
    const log = {
      id: toNumber(row.id),
      request_id: String(row.request_id),
      ts: this.ctx.time.fromDb(row.ts),
      method: String(row.method),
      path: String(row.path),
      status_code: toNumber(row.status_code),
      response_time_ms: toNumber(row.response_time_ms),
      attempts: toNumber(row.attempts),
      usage_source: (row.usage_source ?? null) as RequestLog['usage_source'],
      amount_spent: toNullableNumber(row.amount_spent),
    } as RequestLog;
    for (const field of NULLABLE_INTEGERS) log[field] = toNullableNumber(row[field]);
    for (const field of NULLABLE_TEXT) log[field] = toNullableString(row[field]);
    log.attempt_details = readAttempts(row.attempt_details);
    return log;
  }

  /**
   * Writes a batch of logs and their debits in one transaction. A request_id already stored (or
   * repeated inside the batch) is a redelivery: the insert skips it on the unique index
   * (`on conflict (request_id) do nothing`, no lookup first), and only the rows inserted now are
   * debited. A concurrent batch holding the same request_id waits for this one's row and skips it.
   */
  async record(batch: LoggedRequest[]): Promise<RecordResult> {
    const result: RecordResult = { inserted: [], duplicates: [], exhausted: [], debited: [] };
    if (batch.length === 0) return result;
    const { time } = this.ctx;
    const toDb = (date: Date) => time.toDb(date);
    const rows = batch.map((e) => requestLogValues(e.log, toDb));
    const split = (isNew: (entry: LoggedRequest, i: number) => boolean): LoggedRequest[] => {
      const fresh: LoggedRequest[] = [];
      batch.forEach((entry, i) => {
        if (isNew(entry, i)) {
          fresh.push(entry);
          result.inserted.push(entry.log.request_id);
        } else result.duplicates.push(entry.log.request_id);
      });
      return fresh;
    };
    if (this.ctx.dialect === 'sqlite') {
      // One writer at a time on SQLite: rows keep the batch's order, so ids follow the requests.
      const written = await recordSqlite(this.ctx.knex, rows, batch, () => time.toDb(new Date()) as string);
      split((_, i) => written.isNew[i]!);
      result.debited = written.debit.debited;
      result.exhausted = written.debit.exhausted;
      return result;
    }
    return this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
      const stored = await insertNewRowsPg(trx, rows);
      // The first entry of a request_id repeated in the batch is the one inserted.
      const fresh = split((entry) => stored.delete(entry.log.request_id));
      const debit = await debitTokens(trx, time, fresh);
      result.debited = debit.debited;
      result.exhausted = debit.exhausted;
      return result;
    });
  }

  /** Newest first; `before_id` continues a previous page. `from` and `to` are inclusive. */
  async list(filter: LogFilter): Promise<RequestLog[]> {
    const query = this.ctx.knex('request_logs').select('*').orderBy('id', 'desc').limit(filter.limit);
    if (filter.token === ADMIN_TOKEN_LABEL) query.whereNull('token_id').where('token_hint', ADMIN_TOKEN_LABEL);
    else if (filter.token !== undefined) query.where('token_id', filter.token);
    if (filter.client_request_id !== undefined) query.where('client_request_id', filter.client_request_id);
    if (filter.model !== undefined) query.where('model', filter.model);
    if (filter.provider !== undefined) query.where('provider', filter.provider);
    if (filter.status !== undefined) query.where('status_code', filter.status);
    if (filter.from !== undefined) this.ctx.time.whereAtOrAfter(query, 'ts', filter.from);
    if (filter.to !== undefined) this.ctx.time.whereAtOrBefore(query, 'ts', filter.to);
    if (filter.before_id !== undefined) query.where('id', '<', filter.before_id);
    const rows: DbRow[] = await query;
    return rows.map((row) => this.toLog(row));
  }

  /** The token's latest rows of the given request types (all types when the list is empty). */
  async listForToken(tokenId: number, requestTypes: string[], limit: number): Promise<RequestLog[]> {
    const query = this.ctx.knex('request_logs').where('token_id', tokenId).orderBy('id', 'desc').limit(limit);
    if (requestTypes.length > 0) query.whereIn('request_type', requestTypes);
    const rows: DbRow[] = await query;
    return rows.map((row) => this.toLog(row));
  }

  /** Sum of amount_spent over every row of the token. */
  async totalCost(tokenId: number): Promise<number> {
    const row: { total?: unknown } | undefined = await this.ctx
      .knex('request_logs')
      .where('token_id', tokenId)
      .sum({ total: 'amount_spent' })
      .first();
    return toNullableNumber(row?.total) ?? 0;
  }

  /** Deletes up to `batchSize` of the oldest rows older than `olderThan`; returns how many went. */
  async prune(olderThan: Date, batchSize: number): Promise<number> {
    const { knex, time } = this.ctx;
    const oldest = knex('request_logs').select('id').orderBy('ts').limit(batchSize);
    time.whereBefore(oldest, 'ts', olderThan);
    return knex('request_logs').whereIn('id', oldest).del();
  }
}

/** The stored attempts list; null when the row has none or it cannot be read. */
function readAttempts(value: unknown): AttemptDetail[] | null {
  if (typeof value !== 'string') return null;
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? (list as AttemptDetail[]) : null;
  } catch {
    return null;
  }
}
