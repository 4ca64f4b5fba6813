import { useMcpServers, useProviders, useTokens } from '../api/queries';
import type { RequestLog } from '../api/types';
import { Field } from '../components/Field';
import { useI18n } from '../i18n/i18n';
import { fieldError } from '../lib/form-error';
import { formatCount, formatMoney } from '../lib/format';
import { inputToApiTime } from '../lib/time';
import { AttemptList } from './logs/AttemptList';
import { LogBrowser } from './logs/LogBrowser';
import { useLogSearch } from './logs/search';
import { TimeRange } from './logs/TimeRange';

const EMPTY = { token: '', client_request_id: '', model: '', provider: '', status: '', from: '', to: '' };

export function LogsPage() {
  const { t, lang } = useI18n();
  const tokens = useTokens().data ?? [];
  const providers = useProviders().data ?? [];
  // MCP rows carry the MCP server in the provider column (and the tool in the model column).
  const mcpServers = useMcpServers().data ?? [];
  const search = useLogSearch<RequestLog, typeof EMPTY>('/logs', EMPTY, (d) => ({
    token: d.token,
    client_request_id: d.client_request_id.trim(),
    model: d.model.trim(),
    provider: d.provider,
    status: d.status.trim(),
    from: inputToApiTime(d.from) ?? '',
    to: inputToApiTime(d.to) ?? '',
  }));
  const { draft, set } = search;
  const err = search.paged.query.error;
  // A row names its token by id, name and hint, as they were when the request was made.
  const nameOf = (r: RequestLog) =>
    r.token_hint === null ? '-' : r.token_hint === 'admin_token' ? t('logs.adminToken') : `${r.token_name ?? t('logs.unknownToken')} (${r.token_hint})`;
  return (
    <LogBrowser
      heading={t('logs.heading')}
      search={search}
      filters={
        <>
          <Field id="logs-token" label={t('logs.token')} error={fieldError(err, 'token')}>
            <select id="logs-token" value={draft.token} onChange={(e) => set('token')(e.target.value)}>
              <option value="">{t('logs.anyToken')}</option>
              <option value="admin_token">{t('logs.adminToken')}</option>
              {tokens.map((x) => (
                <option key={x.id} value={String(x.id)}>
                  {x.name} (#{x.id})
                </option>
              ))}
            </select>
          </Field>
          <Field id="logs-client-request-id" label={t('logs.clientRequestId')} error={fieldError(err, 'client_request_id')}>
            <input id="logs-client-request-id" value={draft.client_request_id} onChange={(e) => set('client_request_id')(e.target.value)} />
          </Field>
          <Field id="logs-model" label={t('common.model')} error={fieldError(err, 'model')}>
            <input id="logs-model" value={draft.model} onChange={(e) => set('model')(e.target.value)} />
          </Field>
          <Field id="logs-provider" label={t('common.provider')} error={fieldError(err, 'provider')}>
            <select id="logs-provider" value={draft.provider} onChange={(e) => set('provider')(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {providers.map((p) => (
                <option key={p.id}>{p.name}</option>
              ))}
              {mcpServers.length > 0 ? (
                <optgroup label={t('nav.mcpServers')}>
                  {mcpServers.map((s) => (
                    <option key={`mcp-${s.id}`}>{s.name}</option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </Field>
          <Field id="logs-status" label={t('common.status')} error={fieldError(err, 'status')}>
            <input id="logs-status" inputMode="numeric" value={draft.status} onChange={(e) => set('status')(e.target.value)} />
          </Field>
          <TimeRange prefix="logs" from={draft.from} to={draft.to} setFrom={set('from')} setTo={set('to')} error={err} />
        </>
      }
      headers={
        <>
          <th>{t('logs.token')}</th>
          <th>{t('logs.requestType')}</th>
          <th>{t('common.model')}</th>
          <th>{t('common.provider')}</th>
          <th className="num">{t('common.status')}</th>
          <th className="num">{t('common.tokens')}</th>
          <th className="num">{t('common.spend')}</th>
          <th className="num">{t('logs.duration')}</th>
        </>
      }
      detail={{ skip: ['attempt_details'], render: (r) => <AttemptList attempts={r.attempt_details} /> }}
      cells={(r) => (
        <>
          <td>{nameOf(r)}</td>
          <td>{r.request_type ?? '-'}</td>
          <td>{r.model ?? r.upstream_model ?? '-'}</td>
          <td>{r.provider ?? '-'}</td>
          <td className="num">{r.status_code}</td>
          <td className="num">{formatCount(r.total_tokens, lang)}</td>
          <td className="num">{r.amount_spent === null ? '-' : formatMoney(r.amount_spent, r.currency ?? '', lang)}</td>
          <td className="num">{formatCount(r.response_time_ms, lang)}</td>
        </>
      )}
    />
  );
}
