import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { pathOf } from '../../api/client';
import { KEYS, useRefresh } from '../../api/queries';
import type { List, ProviderKey } from '../../api/types';
import { useClient } from '../../auth/auth';
import { ActionError, Field, Notice } from '../../components/Field';
import { QueryTable } from '../../components/QueryTable';
import { useI18n } from '../../i18n/i18n';
import { fieldError, formError } from '../../lib/form-error';
import { linesOf } from './ProviderForm';

/** A key's health state with its colour (active green, cooling amber, invalid red, disabled grey). */
export function KeyStateBadge({ k }: { k: ProviderKey }) {
  const { t } = useI18n();
  const state = k.state ?? (k.enabled ? 'active' : 'disabled');
  const title = [k.reason, k.last_error?.message].filter(Boolean).join(': ');
  return (
    <span className={`badge badge-${state}`} title={title || undefined}>
      {t(`keys.state.${state}`)}
      {k.until ? ` (${t('keys.until', { time: k.until })})` : ''}
    </span>
  );
}

/** Upstream keys of one provider: hints, states, add several, enable or disable, delete, reveal one (the reveal is logged). */
export function KeysPanel({ provider }: { provider: string }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const base = `/providers/${pathOf(provider)}/keys`;
  const keysKey = ['keys', provider];
  const keys = useQuery({ queryKey: keysKey, queryFn: async () => (await client.get<List<ProviderKey>>(base)).data });
  const [text, setText] = useState('');
  const [revealed, setRevealed] = useState<{ id: number; key: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [notice, setNotice] = useState('');

  const add = useMutation({
    mutationFn: () => client.request<List<ProviderKey>>('POST', base, { keys: linesOf(text) }),
    onSuccess: async (res) => {
      setText('');
      setNotice(t('keys.added', { count: res.data.length }));
      await refresh(keysKey, KEYS.providers);
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => client.request('DELETE', `${base}/${id}`),
    onSuccess: async (_res, id) => {
      setConfirming(null);
      setNotice(t('keys.deleted', { id }));
      await refresh(keysKey, KEYS.providers);
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, enable }: { id: number; enable: boolean }) => client.request('POST', `${base}/${id}/${enable ? 'enable' : 'disable'}`),
    onSuccess: async (_res, { id, enable }) => {
      setNotice(t(enable ? 'keys.enabled' : 'keys.disabledNotice', { id }));
      await refresh(keysKey, KEYS.providers);
    },
  });
  const reveal = useMutation({
    mutationFn: async (id: number) => {
      const all = await client.get<List<ProviderKey>>(`${base}?reveal=true`);
      return { id, key: all.data.find((k) => k.id === id)?.key ?? '' };
    },
    onSuccess: (shown) => setRevealed(shown),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };

  return (
    <section className="card" aria-label={t('keys.heading', { name: provider })}>
      <h3>{t('keys.heading', { name: provider })}</h3>
      <QueryTable
        query={keys}
        empty={t('keys.empty')}
        headers={
          <>
            <th>{t('common.id')}</th>
            <th>{t('keys.hint')}</th>
            <th>{t('keys.state')}</th>
            <th>{t('keys.counts')}</th>
            <th>{t('keys.lastError')}</th>
            <th>{t('common.created')}</th>
            <th>{t('common.actions')}</th>
          </>
        }
        rows={(data) =>
          data.map((k) => (
            <tr key={k.id}>
              <td>{k.id}</td>
              <td>
                <code>{revealed?.id === k.id ? revealed.key : (k.hint ?? '-')}</code>
              </td>
              <td>
                <KeyStateBadge k={k} />
              </td>
              <td className="nowrap">
                {k.successes ?? 0} / {k.failures ?? 0}
              </td>
              <td className="small">{k.last_error ? `${k.last_error.at ?? ''} ${k.last_error.message}`.trim() : '-'}</td>
              <td className="nowrap">{k.created_at}</td>
              <td className="row-actions">
                {k.enabled && k.state !== 'invalid' ? (
                  <button type="button" onClick={() => toggle.mutate({ id: k.id, enable: false })}>
                    {t('keys.disable')}
                  </button>
                ) : (
                  <button type="button" onClick={() => toggle.mutate({ id: k.id, enable: true })}>
                    {t('keys.enable')}
                  </button>
                )}
                {revealed?.id === k.id ? (
                  <button type="button" onClick={() => setRevealed(null)}>
                    {t('keys.hide')}
                  </button>
                ) : (
                  <button type="button" onClick={() => reveal.mutate(k.id)} title={t('keys.revealNote')}>
                    {t('keys.reveal')}
                  </button>
                )}
                {confirming === k.id ? (
                  <>
                    <button type="button" className="danger" onClick={() => remove.mutate(k.id)}>
                      {t('keys.confirmDelete', { id: k.id })}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setConfirming(k.id)}>
                    {t('common.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))
        }
        card={false}
      />
      <p className="muted small">{t('keys.revealNote')}</p>
      <ActionError message={formError(reveal.error, []) ?? formError(remove.error, []) ?? formError(toggle.error, [])} />
      <form onSubmit={submit} className="inline-form">
        <Field id={`keys-new-${provider}`} label={t('keys.new')} error={fieldError(add.error, 'keys')}>
          <textarea id={`keys-new-${provider}`} rows={2} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={add.isPending}>
            {t('keys.add')}
          </button>
          <ActionError message={formError(add.error, ['keys'])} />
        </div>
      </form>
      <Notice message={notice} />
    </section>
  );
}
