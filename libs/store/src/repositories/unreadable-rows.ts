import type { DbRow } from '../values.util';

/** A row that is in the database but cannot be turned into its JS shape (see readRows). */
export interface UnreadableRow {
  table: string;
  /** The row's id (or its natural key), so an operator can find it. */
  id: number | string | null;
  /** Why it could not be read; never the secret a row may hold. */
  reason: string;
}

/** Told about each row a read skipped. */
export type OnUnreadableRow = (row: UnreadableRow) => void;

function idOf(row: DbRow): number | string | null {
  const id = row.id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}

/**
 * Converts every row. Without `onSkip` a row that cannot be read fails the whole read (as any
 * single-row lookup does). With it, that row is left out and reported, so one bad row (an
 * out-of-range timestamp, a key the secret no longer decrypts, broken JSON) cannot stop a proxy
 * from loading everything else.
 */
export function readRows<T>(table: string, rows: DbRow[], read: (row: DbRow) => T, onSkip?: OnUnreadableRow): T[] {
  if (!onSkip) return rows.map(read);
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(read(row));
    } catch (err) {
      onSkip({ table, id: idOf(row), reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
