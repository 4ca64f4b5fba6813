import type { AdminLog } from '../api/types';
import { Field } from '../components/Field';
import { useI18n } from '../i18n/i18n';
import { fieldError } from '../lib/form-error';
import { inputToApiTime } from '../lib/time';
import { LogBrowser } from './logs/LogBrowser';
import { useLogSearch } from './logs/search';
import { TimeRange } from './logs/TimeRange';

/** Changes by default; reads (GET) only when asked for. */
const EMPTY = { kind: 'changes', operation: '', status: '', from: '', to: '' };

export function AdminLogsPage() {
  const { t } = useI18n();
  const search = useLogSearch<AdminLog, typeof EMPTY>('/admin-logs', EMPTY, (d) => ({
    kind: d.kind,
    operation: d.operation.trim(),
    status: d.status.trim(),
    from: inputToApiTime(d.from) ?? '',
    to: inputToApiTime(d.to) ?? '',
  }));
  const { draft, set } = search;
  const err = search.paged.query.error;
  return (
    <LogBrowser
      heading={t('logs.adminHeading')}
      search={search}
      filters={
        <>
          <Field id="admin-logs-kind" label={t('logs.kind')} error={fieldError(err, 'kind')}>
            <select id="admin-logs-kind" value={draft.kind} onChange={(e) => set('kind')(e.target.value)}>
              <option value="changes">{t('logs.kindChanges')}</option>
              <option value="reads">{t('logs.kindReads')}</option>
              <option value="all">{t('logs.kindAll')}</option>
            </select>
          </Field>
          <Field id="admin-logs-operation" label={t('logs.operation')} error={fieldError(err, 'operation')}>
            <input id="admin-logs-operation" value={draft.operation} onChange={(e) => set('operation')(e.target.value)} />
          </Field>
          <Field id="admin-logs-status" label={t('common.status')} error={fieldError(err, 'status')}>
            <input id="admin-logs-status" inputMode="numeric" value={draft.status} onChange={(e) => set('status')(e.target.value)} />
          </Field>
          <TimeRange prefix="admin-logs" from={draft.from} to={draft.to} setFrom={set('from')} setTo={set('to')} error={err} />
        </>
      }
      headers={
        <>
          <th>{t('logs.actor')}</th>
          <th>{t('logs.operationCol')}</th>
          <th>{t('logs.target')}</th>
          <th className="num">{t('common.status')}</th>
          <th>{t('logs.path')}</th>
          <th>{t('common.error')}</th>
        </>
      }
      cells={(r) => (
        <>
          <td>{r.actor}</td>
          <td>{r.operation}</td>
          <td>{r.target ?? '-'}</td>
          <td className="num">{r.status_code}</td>
          <td className="wrap">
            {r.method} {r.path}
          </td>
          <td className="wrap">{r.error_message ?? '-'}</td>
        </>
      )}
    />
  );
}
