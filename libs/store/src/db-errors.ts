import { GatewayError } from '@aigw/shared-errors';

/** Driver error codes: PostgreSQL SQLSTATE (pg) and SQLite extended result codes (better-sqlite3). */
const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const FOREIGN_KEY_CODES = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

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

/** Runs `work`; a unique-index violation (a race the pre-check lost) becomes a conflict. */
export async function conflictOnUnique<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new GatewayError('conflict', message, { cause: err });
    throw err;
  }
}
