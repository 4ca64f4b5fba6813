import type { DbRow } from '../values.util';

/**
 * What a column holds on both dialects (see migrations/001-initial.ts). Log rows are fitted to these
 * before they are inserted: a request that carried a 10,000-character model name or an upstream that
 * reported 5e9 tokens must still leave its row, because the row is the bill.
 */
export type ColumnBound =
  /** varchar(N): PostgreSQL counts characters (code points), not UTF-16 units or bytes. */
  | { kind: 'varchar'; length: number }
  | { kind: 'text' }
  /** integer: int32 on PostgreSQL. */
  | { kind: 'int' }
  /** integer that counts something: int32, never negative. */
  | { kind: 'count' }
  /** decimal(20, 10) as a decimal string: below 10^10 in magnitude. */
  | { kind: 'decimal' };

export type ColumnBounds = Readonly<Record<string, ColumnBound>>;

const varchar = (length: number): ColumnBound => ({ kind: 'varchar', length });
const TEXT: ColumnBound = { kind: 'text' };
const INT: ColumnBound = { kind: 'int' };
const COUNT: ColumnBound = { kind: 'count' };
const MONEY: ColumnBound = { kind: 'decimal' };

/**
 * request_logs columns that a request or an upstream can fill. request_id is not here: it is the
 * gateway's own de-duplication key (at most 128 characters by construction), and changing it
 * silently would break that.
 */
export const REQUEST_LOG_BOUNDS: ColumnBounds = {
  method: varchar(16),
  path: TEXT,
  request_type: varchar(32),
  client_request_id: varchar(128),
  token_id: INT,
  token_name: varchar(255),
  token_hint: varchar(32),
  model: varchar(255),
  upstream_model: varchar(255),
  provider: varchar(64),
  api_key: TEXT,
  status_code: INT,
  response_time_ms: COUNT,
  ttfb_ms: COUNT,
  attempts: COUNT,
  prompt_tokens: COUNT,
  completion_tokens: COUNT,
  total_tokens: COUNT,
  cached_tokens: COUNT,
  reasoning_tokens: COUNT,
  usage_source: varchar(16),
  amount_spent: MONEY,
  currency: varchar(8),
  error_message: TEXT,
  upstream_status: INT,
  upstream_error: TEXT,
  clamped_from: COUNT,
  attempt_details: TEXT,
};

export const ADMIN_LOG_BOUNDS: ColumnBounds = {
  actor: varchar(32),
  method: varchar(16),
  path: TEXT,
  operation: varchar(64),
  target: TEXT,
  status_code: INT,
  error_message: TEXT,
  detail: TEXT,
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const MONEY_MAX = '9999999999.9999999999';

/** NUL, which PostgreSQL text cannot hold, and unpaired surrogates, which are not characters. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Any NUL or surrogate at all: only then can the text need UNSTORABLE's replacement. */
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** The text as PostgreSQL can store it: NUL removed, lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  // The plain scan first: most text holds neither, and the replacement's look-arounds cost far more.
  if (!MAYBE_UNSTORABLE.test(text)) return text;
  return text.replace(UNSTORABLE, (c) => (c === '\u0000' ? '' : '\ufffd'));
}

/** The first `length` characters (code points, so a surrogate pair is never split). */
export function truncateChars(text: string, length: number): string {
  // Fewer UTF-16 units than the limit means fewer characters too.
  if (text.length <= length) return text;
  let units = 0;
  let chars = 0;
  for (const c of text) {
    if (chars === length) break;
    units += c.length;
    chars += 1;
  }
  return text.slice(0, units);
}

function clampInt(value: number, min: number): number {
  if (Number.isNaN(value)) return Math.max(min, 0);
  return Math.min(INT32_MAX, Math.max(min, Math.round(value)));
}

/** A decimal string within decimal(20, 10): larger magnitudes become the largest it holds; garbage null. */
function boundDecimal(value: string): string | null {
  if (!DECIMAL.test(value)) return null;
  if (Math.abs(Number(value)) < 1e10) return value;
  return value.startsWith('-') ? `-${MONEY_MAX}` : MONEY_MAX;
}

/** One value fitted to its column; null and undefined stay as they are. */
export function boundValue(value: unknown, bound: ColumnBound): unknown {
  if (value === null || value === undefined) return value;
  switch (bound.kind) {
    case 'varchar':
      return typeof value === 'string' ? truncateChars(storableText(value), bound.length) : value;
    case 'text':
      return typeof value === 'string' ? storableText(value) : value;
    case 'int':
      return typeof value === 'number' ? clampInt(value, INT32_MIN) : value;
    case 'count':
      return typeof value === 'number' ? clampInt(value, 0) : value;
    case 'decimal':
      return typeof value === 'string' ? boundDecimal(value) : value;
  }
}

/** Object.entries of each bounds table, read once. */
const entriesOf = new WeakMap<ColumnBounds, [string, ColumnBound][]>();

/** The row with every column named in `bounds` fitted to it (a new object; other columns as given). */
export function boundRow(row: DbRow, bounds: ColumnBounds): DbRow {
  let entries = entriesOf.get(bounds);
  if (!entries) {
    entries = Object.entries(bounds);
    entriesOf.set(bounds, entries);
  }
  const out: DbRow = { ...row };
  for (const [column, bound] of entries) {
    if (column in out) out[column] = boundValue(out[column], bound);
  }
  return out;
}
