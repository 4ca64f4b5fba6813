import type { Knex } from 'knex';
import { toNullableNumber, toNullableString, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';

/** Bucket width of a time series. */
export type StatsUnit = 'hour' | 'day';

/** One bucket: `bucket` is local wall time in logging.timezone, `YYYY-MM-DD HH` (hour) or `YYYY-MM-DD` (day). */
export interface StatsBucketRow {
  bucket: string;
  requests: number;
  /** Rows with status_code >= 400. */
  errors: number;
  spend: number;
  tokens: number;
}

export interface StatsTopModelRow {
  provider: string;
  /** The provider's model id (request_logs.upstream_model). */
  model: string;
  requests: number;
  tokens: number;
  spend: number;
}

/** A client token by id and name; the key never leaves the database here. */
export interface StatsTopTokenRow {
  id: number;
  name: string;
  requests: number;
  tokens: number;
  spend: number;
}

export interface StatsUpstreamErrorRow {
  id: number;
  ts: Date;
  provider: string | null;
  model: string | null;
  status_code: number;
  upstream_status: number | null;
  error_message: string | null;
}

/**
 * Aggregates over request_logs for the console's overview, computed in SQL. Local hours and days
 * come from the stored value itself: SQLite holds local text `YYYY-MM-DD HH:mm:ss.SSS+08:00`
 * (substr gives the hour or day), PostgreSQL formats timestamptz in the session TimeZone, which is
 * logging.timezone.
 */
export class StatsRepository {
  constructor(private readonly ctx: StoreContext) {}

  private bucketExpression(unit: StatsUnit): string {
    if (this.ctx.dialect === 'pg') return unit === 'hour' ? `to_char(ts, 'YYYY-MM-DD HH24')` : `to_char(ts, 'YYYY-MM-DD')`;
    return unit === 'hour' ? 'substr(ts, 1, 13)' : 'substr(ts, 1, 10)';
  }

  private since(from: Date): Knex.QueryBuilder {
    const query = this.ctx.knex('request_logs');
    this.ctx.time.whereAtOrAfter(query, 'ts', from);
    return query;
  }

  private sums(): Knex.Raw[] {
    const { knex } = this.ctx;
    return [
      knex.raw('count(*) as requests'),
      knex.raw('coalesce(sum(case when status_code >= 400 then 1 else 0 end), 0) as errors'),
      knex.raw('coalesce(sum(amount_spent), 0) as spend'),
      knex.raw('coalesce(sum(total_tokens), 0) as tokens'),
    ];
  }

  /** Buckets that hold at least one row at or after `from`, oldest first; empty buckets are absent. */
  async buckets(from: Date, unit: StatsUnit): Promise<StatsBucketRow[]> {
    const expression = this.bucketExpression(unit);
    const rows: DbRow[] = await this.since(from)
      .select(this.ctx.knex.raw(`${expression} as bucket`), ...this.sums())
      .groupByRaw(expression)
      .orderByRaw(expression);
    return rows.map((row) => ({
      bucket: String(row.bucket),
      requests: toNumber(row.requests),
      errors: toNumber(row.errors),
      spend: toNumber(row.spend),
      tokens: toNumber(row.tokens),
    }));
  }

  /** Catalog models (provider + upstream model) by spend at or after `from`, then by requests. */
  async topModels(from: Date, limit: number): Promise<StatsTopModelRow[]> {
    const rows: DbRow[] = await this.since(from)
      .whereNotNull('provider')
      .whereNotNull('upstream_model')
      .select('provider', 'upstream_model', ...this.sums())
      .groupBy('provider', 'upstream_model')
      .orderByRaw('coalesce(sum(amount_spent), 0) desc, count(*) desc, provider, upstream_model')
      .limit(limit);
    return rows.map((row) => ({
      provider: String(row.provider),
      model: String(row.upstream_model),
      requests: toNumber(row.requests),
      tokens: toNumber(row.tokens),
      spend: toNumber(row.spend),
    }));
  }

  /** Client tokens that still exist, by spend at or after `from`, then by requests. */
  async topTokens(from: Date, limit: number): Promise<StatsTopTokenRow[]> {
    const { knex } = this.ctx;
    const query = knex('request_logs as l').join('tokens as t', 't.id', 'l.token_id');
    this.ctx.time.whereAtOrAfter(query, 'l.ts', from);
    const rows: DbRow[] = await query
      .select(
        't.id',
        't.name',
        knex.raw('count(*) as requests'),
        knex.raw('coalesce(sum(l.total_tokens), 0) as tokens'),
        knex.raw('coalesce(sum(l.amount_spent), 0) as spend'),
      )
      .groupBy('t.id', 't.name')
      .orderByRaw('coalesce(sum(l.amount_spent), 0) desc, count(*) desc, t.id')
      .limit(limit);
    return rows.map((row) => ({
      id: toNumber(row.id),
      name: String(row.name),
      requests: toNumber(row.requests),
      tokens: toNumber(row.tokens),
      spend: toNumber(row.spend),
    }));
  }

  /**
   * The latest requests the upstream failed, newest first: the upstream answered with an error
   * (upstream_status set), or could not be reached or timed out (502, 504).
   */
  async upstreamErrors(limit: number): Promise<StatsUpstreamErrorRow[]> {
    const rows: DbRow[] = await this.ctx
      .knex('request_logs')
      .where((q) => q.whereNotNull('upstream_status').orWhereIn('status_code', [502, 504]))
      .select('id', 'ts', 'provider', 'model', 'status_code', 'upstream_status', 'error_message')
      .orderBy([
        { column: 'ts', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map((row) => ({
      id: toNumber(row.id),
      ts: this.ctx.time.fromDb(row.ts),
      provider: toNullableString(row.provider),
      model: toNullableString(row.model),
      status_code: toNumber(row.status_code),
      upstream_status: toNullableNumber(row.upstream_status),
      error_message: toNullableString(row.error_message),
    }));
  }
}
