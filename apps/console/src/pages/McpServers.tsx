import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { pathOf } from '../api/client';
import { KEYS, useMcpServers, useRefresh } from '../api/queries';
import type { McpServer } from '../api/types';
import { useClient } from '../auth/auth';
import { ActionError, Notice } from '../components/Field';
import { QueryTable } from '../components/QueryTable';
import { useI18n } from '../i18n/i18n';
import { formError } from '../lib/form-error';
import { McpServerForm } from './mcp/McpServerForm';

type Mode = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; name: string } | { kind: 'delete'; name: string };
type Action = 'refresh' | 'enable' | 'disable' | 'delete';

/** The state as a coloured badge: connected green, error red, not checked grey. */
export function McpStateBadge({ server }: { server: McpServer }) {
  const { t } = useI18n();
  return <span className={`badge badge-${server.status}`}>{t(`mcp.state.${server.status}`)}</span>;
}

/** Upstream MCP servers: their state, register/edit/delete (API ones), enable/disable/refresh (all). */
export function McpServersPage() {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const servers = useMcpServers();
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [notice, setNotice] = useState('');
  const finish = (message: string) => {
    setMode({ kind: 'none' });
    setNotice(message);
  };
  const act = useMutation({
    mutationFn: ({ name, action }: { name: string; action: Action }) =>
      action === 'delete' ? client.request<{ name: string }>('DELETE', `/mcp-servers/${pathOf(name)}`) : client.request<McpServer>('POST', `/mcp-servers/${pathOf(name)}/${action}`),
    onSuccess: async (answer, { action }) => {
      await refresh(KEYS.mcpServers);
      if (action === 'delete') return finish(t('mcp.deleted', { name: answer.name }));
      if (action === 'refresh') {
        const s = answer as McpServer;
        return finish(t('mcp.refreshed', { name: s.name, state: t(`mcp.state.${s.status}`), count: s.tool_count ?? 0 }));
      }
      setNotice('');
    },
  });
  const editing = mode.kind === 'edit' ? servers.data?.find((s) => s.name === mode.name) : undefined;
  const button = (s: McpServer, action: Action, label: string, className?: string) => (
    <button type="button" className={className} disabled={act.isPending} onClick={() => act.mutate({ name: s.name, action })} aria-label={`${label} ${s.name}`}>
      {label}
    </button>
  );
  return (
    <>
      <div className="page-head">
        <h1>{t('mcp.heading')}</h1>
        <button type="button" className="primary" onClick={() => setMode({ kind: 'create' })}>
          {t('mcp.new')}
        </button>
      </div>
      <p className="muted">{t('mcp.intro')}</p>
      <Notice message={notice} />
      <ActionError message={formError(act.error, [])} />
      {mode.kind === 'create' ? <McpServerForm onDone={finish} /> : null}
      {editing ? <McpServerForm key={editing.name} editing={editing} onDone={finish} /> : null}
      {mode.kind === 'delete' ? (
        <section className="card confirm" role="alertdialog" aria-label={t('mcp.deleteTitle', { name: mode.name })}>
          <h2>{t('mcp.deleteTitle', { name: mode.name })}</h2>
          <p className="muted">{t('mcp.deleteNote')}</p>
          <div className="actions">
            <button type="button" className="danger" disabled={act.isPending} onClick={() => act.mutate({ name: mode.name, action: 'delete' })}>
              {t('mcp.deleteConfirm')}
            </button>
            <button type="button" onClick={() => finish('')}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      ) : null}
      <QueryTable
        query={servers}
        empty={t('mcp.empty')}
        headers={
          <>
            <th>{t('common.name')}</th>
            <th>{t('mcp.transport')}</th>
            <th>{t('mcp.target')}</th>
            <th>{t('mcp.state')}</th>
            <th className="num">{t('mcp.toolCount')}</th>
            <th>{t('mcp.lastError')}</th>
            <th>{t('mcp.refreshedAt')}</th>
            <th>{t('common.enabled')}</th>
            <th>{t('mcp.source')}</th>
            <th>{t('common.actions')}</th>
          </>
        }
        rows={(data) =>
          data.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.transport}</td>
              <td className="wrap">{s.url ?? [s.command, ...(s.args ?? [])].join(' ')}</td>
              <td>
                <McpStateBadge server={s} />
              </td>
              <td className="num">{s.tool_count ?? '-'}</td>
              <td className="wrap">{s.last_error ?? '-'}</td>
              <td>{s.refreshed_at ?? t('common.never')}</td>
              <td>{s.enabled ? t('common.yes') : t('common.no')}</td>
              <td>{t(`mcp.source.${s.source}`)}</td>
              <td className="row-actions">
                {/* The admin API refuses to probe a stdio server (it would start its command there). */}
                {s.transport === 'stdio' ? <span className="muted">{t('mcp.stdioRefresh')}</span> : button(s, 'refresh', t('mcp.refresh'))}
                {button(s, s.enabled ? 'disable' : 'enable', t(s.enabled ? 'mcp.disable' : 'mcp.enable'))}
                {s.source === 'api' ? (
                  <>
                    <button type="button" onClick={() => setMode({ kind: 'edit', name: s.name })} aria-label={`${t('common.edit')} ${s.name}`}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className="danger" onClick={() => setMode({ kind: 'delete', name: s.name })} aria-label={`${t('common.delete')} ${s.name}`}>
                      {t('common.delete')}
                    </button>
                  </>
                ) : (
                  <span className="muted">{t('mcp.configNote')}</span>
                )}
              </td>
            </tr>
          ))
        }
      />
    </>
  );
}
