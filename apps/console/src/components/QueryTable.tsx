import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { QueryState } from './Field';

/**
 * A list query as a table: its loading or error state, the empty text when it has no rows, else
 * the table (in a card of its own unless `card` is false, with `footer` under the table).
 */
export function QueryTable<T>({
  query,
  empty,
  headers,
  rows,
  card = true,
  footer,
}: {
  query: { isLoading: boolean; error: unknown; data?: T[] };
  empty: string;
  /** The header cells. */
  headers: ReactNode;
  /** The body rows. */
  rows: (data: T[]) => ReactNode;
  card?: boolean;
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const data = query.data;
  const table =
    data && data.length > 0 ? (
      <table>
        <thead>
          <tr>{headers}</tr>
        </thead>
        <tbody>{rows(data)}</tbody>
      </table>
    ) : null;
  return (
    <>
      <QueryState loading={query.isLoading} error={query.error} loadingText={t('common.loading')} errorText={(m) => t('common.failed', { message: m })} />
      {data && data.length === 0 ? <p className="muted">{empty}</p> : null}
      {table && card ? (
        <div className="card">
          {table}
          {footer}
        </div>
      ) : null}
      {table && !card ? (
        <>
          {table}
          {footer}
        </>
      ) : null}
    </>
  );
}
