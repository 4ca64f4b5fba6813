import { useState } from 'react';
import { useProviders } from '../api/queries';
import { Notice } from '../components/Field';
import { QueryTable } from '../components/QueryTable';
import { useI18n } from '../i18n/i18n';
import { DeleteProvider } from './providers/DeleteProvider';
import { KeysPanel } from './providers/KeysPanel';
import { ModelsPanel } from './providers/ModelsPanel';
import { ProviderForm } from './providers/ProviderForm';

type Mode = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; name: string } | { kind: 'delete'; name: string };

export function ProvidersPage() {
  const { t } = useI18n();
  const providers = useProviders();
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [managing, setManaging] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const finish = (message: string) => {
    if (mode.kind === 'delete' && message && managing === mode.name) setManaging(null);
    setMode({ kind: 'none' });
    setNotice(message);
  };
  const editing = mode.kind === 'edit' ? providers.data?.find((p) => p.name === mode.name) : undefined;
  return (
    <>
      <div className="page-head">
        <h1>{t('providers.heading')}</h1>
        <button type="button" className="primary" onClick={() => setMode({ kind: 'create' })}>
          {t('providers.new')}
        </button>
      </div>
      <Notice message={notice} />
      {mode.kind === 'create' ? <ProviderForm onDone={finish} /> : null}
      {editing ? <ProviderForm key={editing.name} editing={editing} onDone={finish} /> : null}
      {mode.kind === 'delete' ? <DeleteProvider name={mode.name} onDone={finish} /> : null}
      <QueryTable
        query={providers}
        empty={t('providers.empty')}
        headers={
          <>
            <th>{t('common.name')}</th>
            <th>{t('providers.apiType')}</th>
            <th>{t('providers.baseUrl')}</th>
            <th>{t('providers.keyStrategy')}</th>
            <th>{t('common.enabled')}</th>
            <th className="num">{t('providers.keyCount')}</th>
            <th className="num">{t('providers.modelCount')}</th>
            <th>{t('common.actions')}</th>
          </>
        }
        rows={(data) =>
          data.map((p) => (
            <tr key={p.id} className={managing === p.name ? 'selected' : undefined}>
              <td>{p.name}</td>
              <td>{p.api_type}</td>
              <td className="wrap">{p.base_url}</td>
              <td>{p.key_strategy}</td>
              <td>{p.enabled ? t('common.yes') : t('common.no')}</td>
              <td className="num">{p.key_count}</td>
              <td className="num">{p.model_count}</td>
              <td className="row-actions">
                <button type="button" onClick={() => setManaging(managing === p.name ? null : p.name)} aria-pressed={managing === p.name} aria-label={`${t('providers.manage')} ${p.name}`}>
                  {t('providers.manage')}
                </button>
                <button type="button" onClick={() => setMode({ kind: 'edit', name: p.name })} aria-label={`${t('common.edit')} ${p.name}`}>
                  {t('common.edit')}
                </button>
                <button type="button" className="danger" onClick={() => setMode({ kind: 'delete', name: p.name })} aria-label={`${t('common.delete')} ${p.name}`}>
                  {t('common.delete')}
                </button>
              </td>
            </tr>
          ))
        }
      />
      {managing ? (
        <div className="two-col">
          <KeysPanel key={`keys-${managing}`} provider={managing} />
          <ModelsPanel key={`models-${managing}`} provider={managing} />
        </div>
      ) : null}
    </>
  );
}
