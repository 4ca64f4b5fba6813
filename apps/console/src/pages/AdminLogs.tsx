import { useState } from 'react';
import type { AdminLog } from '../api/types';
import { DetailPanel } from '../components/DetailList';
import { ActionError, Field } from '../components/Field';
import { useI18n } from '../i18n/i18n';
import { fieldError, formError } from '../lib/form-error';
import { inputToApiTime } from '../lib/time';
import { Pager } from './logs/paging';
import { useLogSearch } from './logs/search';
import { TimeRange } from './logs/TimeRange';

const EMPTY = { operation: '', status: '', from: '', to: '' };
const FIELDS = ['operation', 'status', 'from', 'to'];

export function AdminLogsPage() {
  const { t } = useI18n();
  const [open, setOpen] = useState<AdminLog | null>(null);
  const { draft, set, apply, clear, paged } = useLogSearch<AdminLog, typeof EMPTY>('/admin-logs', EMPTY, (d) => ({
    operation: d.operation.trim(),
    status: d.status.trim(),
    from: inputToApiTime(d.from) ?? '',
    to: inputToApiTime(d.to) ?? '',
  }));
  const { query } = paged;
  const err = query.error;
  return (
    <>
      <div className="page-head">
        <h1>{t('logs.adminHeading')}</h1>
      </div>
      <form className="card form" onSubmit={apply} aria-label={t('logs.apply')}>
        <div className="grid">
          <Field id="admin-logs-operation" label={t('logs.operation')} error={fieldError(err, 'operation')}>
            <input id="admin-logs-operation" value={draft.operation} onChange={(e) => set('operation')(e.target.value)} />
          </Field>
          <Field id="admin-logs-status" label={t('common.status')} error={fieldError(err, 'status')}>
            <input id="admin-logs-status" inputMode="numeric" value={draft.status} onChange={(e) => set('status')(e.target.value)} />
          </Field>
          <TimeRange prefix="admin-logs" from={draft.from} to={draft.to} setFrom={set('from')} setTo={set('to')} error={err} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('logs.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('logs.clear')}
          </button>
          <ActionError message={formError(err, FIELDS)} />
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
                <th>{t('logs.operationCol')}</th>
                <th>{t('logs.target')}</th>
                <th className="num">{t('common.status')}</th>
                <th>{t('logs.path')}</th>
                <th>{t('common.error')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(query.data?.data ?? []).map((r) => (
                <tr key={r.id} className={r.status_code >= 400 ? 'failed' : undefined}>
                  <td className="nowrap">{r.ts}</td>
                  <td>{r.operation}</td>
                  <td>{r.target ?? '-'}</td>
                  <td className="num">{r.status_code}</td>
                  <td className="wrap">
                    {r.method} {r.path}
                  </td>
                  <td className="wrap">{r.error_message ?? '-'}</td>
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
        {open ? <DetailPanel title={t('logs.detail', { id: open.id })} row={{ ...open }} onClose={() => setOpen(null)} /> : null}
      </div>
    </>
  );
}
