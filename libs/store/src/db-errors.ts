import { StoreError } from './store-error';

/** Driver error codes: PostgreSQL SQLSTATE (pg) and SQLite extended result codes (better-sqlite3). */
const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const FOREIGN_KEY_CODES = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);
/**
 * Another writer holds a lock the statement waited for in vain: SQLite's busy timeout ran out, or a
 * PostgreSQL lock_timeout (55P03 lock_not_available). Retrying later succeeds; nothing is broken.
 */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', '55P03']);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && UNIQUE_CODES.has(code);
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && FOREIGN_KEY_CODES.has(code);
}

/**
 * True when the database refused because it is busy (see BUSY_CODES), or when no pooled connection
 * came free in time (knex's acquire timeout): the store is overloaded, not wrong.
 */
export function isStoreBusy(err: unknown): boolean {
  const code = errorCode(err);
  if (code !== undefined && BUSY_CODES.has(code)) return true;
  return err instanceof Error && err.name === 'KnexTimeoutError';
}

/** Runs `work`; a unique-index violation (a race the pre-check lost) becomes a conflict. */
export async function conflictOnUnique<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new StoreError('conflict', message, { cause: err });
    throw err;
  }
}
