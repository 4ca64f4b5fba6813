import { useState, type ReactNode } from 'react';
import { DetailPanel } from '../../components/DetailList';
import { ActionError } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { formError } from '../../lib/form-error';
import { Pager } from './paging';
import type { LogSearch } from './search';

interface LogRow {
  id: number;
  ts: string;
  status_code: number;
}

/**
 * A log page: its filter form (the page's own fields, Apply and Clear), the newest-first table
 * with a Details button per row, the pager and the detail panel of the row opened.
 */
export function LogBrowser<T extends LogRow>({
  heading,
  search,
  filters,
  headers,
  cells,
  detail,
}: {
  heading: string;
  search: LogSearch<T>;
  /** The filter inputs. */
  filters: ReactNode;
  /** Header cells between Time and Actions. */
  headers: ReactNode;
  /** A row's cells between its time and its Details button. */
  cells: (row: T) => ReactNode;
  /** Columns the detail panel shows the page's own way, and how (after the other columns). */
  detail?: { skip: readonly string[]; render: (row: T) => ReactNode };
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<T | null>(null);
  const { draft, apply, clear, paged } = search;
  const { query } = paged;
  return (
    <>
      <div className="page-head">
        <h1>{heading}</h1>
      </div>
      <form className="card form" onSubmit={apply} aria-label={t('logs.apply')}>
        <div className="grid">{filters}</div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('logs.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('logs.clear')}
          </button>
          <ActionError message={formError(query.error, Object.keys(draft))} />
        </div>
      </form>
      <div className={open ? 'with-detail' : undefined}>
        <div className="card">
          {query.isLoading ? <p className="muted">{t('common.loading')}</p> : null}
          {query.data && query.data.data.length === 0 ? <p className="muted">{t('logs.empty')}</p> : null}
          <table>
            <thead>
              <tr>
                <th>{t('common.time')}</th>
                {headers}
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(query.data?.data ?? []).map((r) => (
                <tr key={r.id} className={r.status_code >= 400 ? 'failed' : undefined}>
                  <td className="nowrap">{r.ts}</td>
                  {cells(r)}
                  <td>
                    <button type="button" onClick={() => setOpen(r)} aria-label={`${t('common.details')} ${r.id}`}>
                      {t('common.details')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={paged.page} older={paged.older} newer={paged.newer} newest={paged.newest} />
        </div>
        {open ? (
          <DetailPanel title={t('logs.detail', { id: open.id })} row={open} onClose={() => setOpen(null)} skip={detail?.skip}>
            {detail?.render(open)}
          </DetailPanel>
        ) : null}
      </div>
    </>
  );
}
