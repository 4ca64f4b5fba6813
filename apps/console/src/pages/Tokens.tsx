import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { KEYS, useRefresh, useTokens } from '../api/queries';
import type { IssuedToken, Token } from '../api/types';
import { useClient } from '../auth/auth';
import { BudgetBar } from '../components/BudgetBar';
import { ActionError, Notice } from '../components/Field';
import { QueryTable } from '../components/QueryTable';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n/i18n';
import { formError } from '../lib/form-error';
import { NewKey } from './tokens/NewKey';
import { TokenForm } from './tokens/TokenForm';

type Mode = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; id: number };

export function TokensPage() {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const tokens = useTokens();
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [issued, setIssued] = useState<{ token: IssuedToken; rotated: boolean } | null>(null);
  const [confirming, setConfirming] = useState<{ id: number; verb: 'delete' | 'rotate' } | null>(null);
  const [notice, setNotice] = useState('');
  const action = useMutation({
    mutationFn: ({ token, verb }: { token: Token; verb: 'enable' | 'disable' | 'delete' | 'rotate' }) =>
      verb === 'delete' ? client.request('DELETE', `/tokens/${token.id}`) : client.request<Token | IssuedToken>('POST', `/tokens/${token.id}/${verb}`),
    onSuccess: async (answer, { token, verb }) => {
      if (verb === 'delete') {
        setConfirming(null);
        setNotice(t('tokens.deleted', { name: token.name }));
      }
      if (verb === 'rotate') {
        // The rotate answer carries the new key, shown this once.
        setConfirming(null);
        setIssued({ token: answer as IssuedToken, rotated: true });
      }
      await refresh(KEYS.tokens);
    },
  });
  const editing = mode.kind === 'edit' ? tokens.data?.find((x) => x.id === mode.id) : undefined;
  const finish = (message: string) => {
    setMode({ kind: 'none' });
    setNotice(message);
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('tokens.heading')}</h1>
        <button type="button" className="primary" onClick={() => setMode({ kind: 'create' })}>
          {t('tokens.new')}
        </button>
      </div>
      <Notice message={notice} />
      {issued ? <NewKey token={issued.token} rotated={issued.rotated} onDone={() => setIssued(null)} /> : null}
      {mode.kind === 'create' ? <TokenForm onCreated={(token) => setIssued({ token, rotated: false })} onDone={finish} /> : null}
      {editing ? <TokenForm key={editing.id} editing={editing} onDone={finish} /> : null}
      <QueryTable
        query={tokens}
        empty={t('tokens.empty')}
        headers={
          <>
            <th>{t('common.name')}</th>
            <th className="num">{t('common.id')}</th>
            <th>{t('tokens.keyCol')}</th>
            <th>{t('common.status')}</th>
            <th>{t('tokens.usage')}</th>
            <th>{t('tokens.allowedCol')}</th>
            <th>{t('tokens.expiresCol')}</th>
            <th>{t('common.actions')}</th>
          </>
        }
        rows={(data) =>
          data.map((tok) => (
            <tr key={tok.id}>
              <td>{tok.name}</td>
              <td className="num">{tok.id}</td>
              <td>
                <code>{tok.key_hint}</code>
              </td>
              <td>
                <StatusBadge status={tok.status} />
              </td>
              <td>
                <BudgetBar token={tok} />
              </td>
              <td className="wrap">{tok.allowed_models ? tok.allowed_models.join(', ') : t('tokens.allModels')}</td>
              <td className="nowrap">{tok.expires_at ?? t('common.never')}</td>
              <td className="row-actions">
                <button type="button" onClick={() => action.mutate({ token: tok, verb: tok.enabled ? 'disable' : 'enable' })} aria-label={`${tok.enabled ? t('tokens.disable') : t('tokens.enable')} ${tok.name}`}>
                  {tok.enabled ? t('tokens.disable') : t('tokens.enable')}
                </button>
                <button type="button" onClick={() => setMode({ kind: 'edit', id: tok.id })} aria-label={`${t('common.edit')} ${tok.name}`}>
                  {t('common.edit')}
                </button>
                {confirming?.id === tok.id ? (
                  <>
                    <button type="button" className="danger" onClick={() => action.mutate({ token: tok, verb: confirming.verb })}>
                      {confirming.verb === 'delete' ? t('tokens.confirmDelete', { name: tok.name }) : t('tokens.confirmRotate', { name: tok.name })}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </button>
                  </>
                ) : (
                  <>
                    <button type="button" onClick={() => setConfirming({ id: tok.id, verb: 'rotate' })} aria-label={`${t('tokens.rotate')} ${tok.name}`}>
                      {t('tokens.rotate')}
                    </button>
                    <button type="button" className="danger" onClick={() => setConfirming({ id: tok.id, verb: 'delete' })} aria-label={`${t('common.delete')} ${tok.name}`}>
                      {t('common.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))
        }
        footer={<ActionError message={formError(action.error, [])} />}
      />
    </>
  );
}
