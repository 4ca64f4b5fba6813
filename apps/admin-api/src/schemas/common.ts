import { z } from 'zod';
import type { LocalTime } from '@aigw/config';
import { charLength, hasControlChars } from '@aigw/store';

/**
 * Shared field rules. Every admin field is checked against what its column holds on both SQLite
 * and PostgreSQL (libs/store/src/migrations/001-initial.ts) before anything is written: varchar(N)
 * counts characters, PostgreSQL text cannot hold NUL, integer is int32, decimal(20, 10) holds less
 * than 10^10, and the store's SQLite text timestamps are only readable for years 1970-9999.
 */

export const PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const WHITESPACE = /\s/;

/** 1 to `max` characters, no control characters. */
export function text(max: number): z.ZodType<string, string> {
  return z
    .string()
    .min(1, 'must not be empty')
    .refine((s) => charLength(s) <= max, `must be at most ${max} characters`)
    .refine((s) => !hasControlChars(s), 'must not contain control characters');
}

/** As text(max), and no whitespace either (ids, keys, paths). */
export function word(max: number): z.ZodType<string, string> {
  return text(max).refine((s) => !WHITESPACE.test(s), 'must not contain whitespace');
}

export const providerName = z
  .string()
  .regex(PROVIDER_NAME, 'must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, "_" and "-"; no "/")');

/** models.model_id and model_prices.model_id are varchar(255). A model id as an upstream names it; may contain "/". */
export const MODEL_ID_MAX = 255;
export const modelId = word(MODEL_ID_MAX);

/** aliases.alias is varchar(255). */
export const ALIAS_MAX = 255;

/**
 * A model as clients write it: `provider/model` (64 + 1 + 255 characters at most), a bare id, or an
 * alias. Stored in aliases.target (varchar(512)) and tokens.allowed_models (JSON text).
 */
export const MODEL_REF_MAX = 64 + 1 + MODEL_ID_MAX;
export const modelRef = word(MODEL_REF_MAX);

/** Money and prices: decimal(20, 10) columns hold less than 10^10 (zod numbers are finite). */
export const amount = z.number().min(0).lt(1e10);

/** An empty object is no change: reject it so a typo in every field name is not a silent no-op. */
export function nonEmpty(value: object): boolean {
  return Object.keys(value).length > 0;
}
export const NON_EMPTY_MESSAGE = 'the body must set at least one field';

/**
 * Instants the store can write and read back on both databases. The upper end stays a day short of
 * year 10000 so the local wall time SQLite stores (any zone, up to UTC+14) is still in year 9999.
 */
export const EARLIEST = new Date('1970-01-01T00:00:00Z');
export const LATEST = new Date('9999-12-30T23:59:59Z');
const TIME_RANGE_MESSAGE = 'must be between 1970-01-01 and 9999-12-30';

/** `YYYY-MM-DD HH:mm:ss` in logging.timezone, or ISO 8601; within EARLIEST and LATEST. */
export function timestamp(time: LocalTime): z.ZodType<Date, string> {
  return z
    .string()
    .max(64, 'is too long to be a timestamp')
    .transform((value, ctx) => {
      const date = hasControlChars(value) ? undefined : time.parse(value);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not ISO 8601 or YYYY-MM-DD HH:mm:ss (${time.timezone})` });
        return z.NEVER;
      }
      if (date.getTime() < EARLIEST.getTime() || date.getTime() > LATEST.getTime()) {
        ctx.addIssue({ code: 'custom', message: TIME_RANGE_MESSAGE });
        return z.NEVER;
      }
      return date;
    });
}

export function futureTimestamp(time: LocalTime): z.ZodType<Date, string> {
  return timestamp(time).refine((date) => date.getTime() > Date.now(), 'must not be in the past');
}

/** A whole number in a query string. */
export function queryInt(min: number, max = Number.MAX_SAFE_INTEGER): z.ZodType<number, string> {
  return z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);
}

/** A text filter in a query string: what a column of at most 255 characters could match. */
export const queryText = text(255);
