import type { Knex } from 'knex';
import type { LocalTime } from '@aigw/config';
import type { Dialect } from './connection';

/**
 * How instants are written to and read from timestamp columns.
 *
 * PostgreSQL: timestamptz; Date values go in and come out as they are, and each session's TimeZone
 * (set per pooled connection) makes psql show local time.
 * SQLite: text `YYYY-MM-DD HH:mm:ss.SSS+08:00` (local wall time plus the offset in force), so the
 * sqlite3 shell shows local time and every value stays an exact instant.
 *
 * Range filters on SQLite: comparing that text orders rows correctly only while every row carries
 * the same offset. Across a DST change (or after logging.timezone changed) wall times with different
 * offsets interleave, so plain text comparison could be off by the offset difference (an hour for
 * DST). The filters therefore compare text with a bound widened by WIDEN_MS (keeps the ts index
 * usable) and then compare exact instants with julianday(), which understands the offset suffix.
 */
const WIDEN_MS = 3 * 24 * 60 * 60 * 1000;

export class TimeColumns {
  constructor(
    private readonly dialect: Dialect,
    private readonly local: LocalTime,
  ) {}

  /** The value to bind for an instant. */
  toDb(date: Date): Date | string {
    if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date for a timestamp column');
    return this.dialect === 'pg' ? date : this.local.formatStored(date);
  }

  toDbNullable(date: Date | null | undefined): Date | string | null {
    return date === null || date === undefined ? null : this.toDb(date);
  }

  /** Throws for anything that is not an instant (PostgreSQL 'infinity' arrives as Infinity). */
  fromDb(value: unknown): Date {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    if (typeof value === 'string') {
      // Stored text is `YYYY-MM-DD HH:mm:ss.SSS+08:00`; with a T it is ISO 8601, which Date parses.
      const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
      if (!Number.isNaN(date.getTime())) return date;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
    throw new TypeError(`cannot read a timestamp from ${JSON.stringify(value)}`);
  }

  fromDbNullable(value: unknown): Date | null {
    return value === null || value === undefined ? null : this.fromDb(value);
  }

  /** Rows with `column` at or after `from`. */
  whereAtOrAfter(qb: Knex.QueryBuilder, column: string, from: Date): void {
    if (this.dialect === 'pg') {
      qb.where(column, '>=', from);
      return;
    }
    qb.where(column, '>=', this.local.formatStored(from.getTime() - WIDEN_MS));
    qb.whereRaw('julianday(??) >= julianday(?)', [column, this.local.formatStored(from)]);
  }

  /** Rows with `column` at or before `to`. */
  whereAtOrBefore(qb: Knex.QueryBuilder, column: string, to: Date): void {
    if (this.dialect === 'pg') {
      qb.where(column, '<=', to);
      return;
    }
    qb.where(column, '<=', this.local.formatStored(to.getTime() + WIDEN_MS));
    qb.whereRaw('julianday(??) <= julianday(?)', [column, this.local.formatStored(to)]);
  }

  /** Rows with `column` strictly before `date`. */
  whereBefore(qb: Knex.QueryBuilder, column: string, date: Date): void {
    if (this.dialect === 'pg') {
      qb.where(column, '<', date);
      return;
    }
    qb.where(column, '<', this.local.formatStored(date.getTime() + WIDEN_MS));
    qb.whereRaw('julianday(??) < julianday(?)', [column, this.local.formatStored(date)]);
  }
}
