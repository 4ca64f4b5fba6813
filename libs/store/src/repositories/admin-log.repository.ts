import type { AdminLog, AdminLogFilter, AdminLogInput } from '../types';
import { chunk, parseJson, toJson, toNullableString, toNumber, type DbRow } from '../values.util';
import { ADMIN_LOG_BOUNDS, boundRow } from './column-bounds';
import type { StoreContext } from './context';

/** 10 columns x 400 rows: under SQLite's 500 compound terms and 32766 variables. */
const ROWS_PER_INSERT = 400;

/** One row per admin request (failures included) plus one per cascaded effect. */
export class AdminLogRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toLog(row: DbRow): AdminLog {
    return {
      id: toNumber(row.id),
      ts: this.ctx.time.fromDb(row.ts),
      actor: row.actor === 'gateway' ? 'gateway' : 'admin',
      method: String(row.method),
      path: String(row.path),
      operation: String(row.operation),
      target: toNullableString(row.target),
      status_code: toNumber(row.status_code),
      error_message: toNullableString(row.error_message),
      detail: parseJson<Record<string, unknown>>(row.detail),
    };
  }

  async insert(rows: AdminLogInput[]): Promise<void> {
    if (rows.length === 0) return;
    // Fitted to the columns: a request whatever it carried still leaves its audit row.
    const values = rows.map((r) =>
      boundRow(
        {
          ts: this.ctx.time.toDb(r.ts),
          actor: r.actor ?? 'admin',
          method: r.method,
          path: r.path,
          operation: r.operation,
          target: r.target ?? null,
          status_code: r.status_code,
          error_message: r.error_message ?? null,
          detail: toJson(r.detail),
        },
        ADMIN_LOG_BOUNDS,
      ),
    );
    const parts = chunk(values, ROWS_PER_INSERT);
    if (parts.length === 1) {
      await this.ctx.knex('admin_logs').insert(values);
      return;
    }
    await this.ctx.knex.transaction(async (trx) => {
      for (const part of parts) await trx('admin_logs').insert(part);
    });
  }

  /** Newest first; `before_id` continues a previous page. `from` and `to` are inclusive. */
  async list(filter: AdminLogFilter): Promise<AdminLog[]> {
    const query = this.ctx.knex('admin_logs').select('*').orderBy('id', 'desc').limit(filter.limit);
    if (filter.operation !== undefined) query.where('operation', filter.operation);
    if (filter.status !== undefined) query.where('status_code', filter.status);
    if (filter.from !== undefined) this.ctx.time.whereAtOrAfter(query, 'ts', filter.from);
    if (filter.to !== undefined) this.ctx.time.whereAtOrBefore(query, 'ts', filter.to);
    if (filter.before_id !== undefined) query.where('id', '<', filter.before_id);
    const rows: DbRow[] = await query;
    return rows.map((row) => this.toLog(row));
  }

  /** Deletes up to `batchSize` of the oldest rows older than `olderThan`; returns how many went. */
  async prune(olderThan: Date, batchSize: number): Promise<number> {
    const { knex, time } = this.ctx;
    const oldest = knex('admin_logs').select('id').orderBy('ts').limit(batchSize);
    time.whereBefore(oldest, 'ts', olderThan);
    return knex('admin_logs').whereIn('id', oldest).del();
  }
}
