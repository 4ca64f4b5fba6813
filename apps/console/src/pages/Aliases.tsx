import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { pathOf } from '../api/client';
import { KEYS, useAliases, useModels, useRefresh } from '../api/queries';
import type { Alias } from '../api/types';
import { useClient } from '../auth/auth';
import { ActionError, Field } from '../components/Field';
import { QueryTable } from '../components/QueryTable';
import { useI18n } from '../i18n/i18n';
import { fieldError, formError } from '../lib/form-error';
import { aliasBody, EMPTY_TARGET, TargetRows, targetText, type TargetDraft } from './aliases/TargetRows';

export function AliasesPage() {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const aliases = useAliases();
  const models = useModels();
  const [alias, setAlias] = useState('');
  const [targets, setTargets] = useState<TargetDraft[]>([EMPTY_TARGET]);
  const add = useMutation({
    mutationFn: () => client.request<Alias>('PUT', `/aliases/${pathOf(alias.trim())}`, aliasBody(targets)),
    onSuccess: async () => {
      setAlias('');
      setTargets([EMPTY_TARGET]);
      await refresh(KEYS.aliases);
    },
  });
  const remove = useMutation({
    mutationFn: (name: string) => client.request('DELETE', `/aliases/${pathOf(name)}`),
    onSuccess: () => refresh(KEYS.aliases),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <>
      <div className="page-head">
        <h1>{t('aliases.heading')}</h1>
      </div>
      <form className="card form" onSubmit={submit} aria-label={t('aliases.add')}>
        <div className="grid">
          <Field id="alias-name" label={t('aliases.alias')} error={fieldError(add.error, 'alias')}>
            <input id="alias-name" value={alias} onChange={(e) => setAlias(e.target.value)} required />
          </Field>
        </div>
        <TargetRows drafts={targets} models={(models.data ?? []).map((m) => m.id)} onChange={setTargets} />
        <div className="actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('aliases.add')}
          </button>
          <ActionError message={formError(add.error, ['alias'])} />
        </div>
      </form>
      <QueryTable
        query={aliases}
        empty={t('aliases.empty')}
        headers={
          <>
            <th>{t('aliases.alias')}</th>
            <th>{t('aliases.targets')}</th>
            <th>{t('common.actions')}</th>
          </>
        }
        rows={(data) =>
          data.map((a) => (
            <tr key={a.alias}>
              <td>{a.alias}</td>
              <td>
                {a.targets.map((x) => (
                  <div key={x.model}>{targetText(x)}</div>
                ))}
              </td>
              <td className="row-actions">
                <button type="button" className="danger" onClick={() => remove.mutate(a.alias)} aria-label={`${t('common.delete')} ${a.alias}`}>
                  {t('common.delete')}
                </button>
              </td>
            </tr>
          ))
        }
        footer={<ActionError message={formError(remove.error, [])} />}
      />
    </>
  );
}
