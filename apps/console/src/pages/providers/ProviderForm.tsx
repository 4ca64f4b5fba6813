import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { pathOf } from '../../api/client';
import { KEYS, useApiTypes, useRefresh } from '../../api/queries';
import type { ApiType, KeyStrategy, Provider } from '../../api/types';
import { useClient } from '../../auth/auth';
import { Field, FormActions } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { fieldError, formError } from '../../lib/form-error';

const STRATEGIES: KeyStrategy[] = ['first', 'round_robin', 'random'];
const FIELDS = ['name', 'api_type', 'base_url', 'models_endpoint', 'key_strategy', 'enabled', 'responses_api', 'keys'] as const;

/** Lines of a textarea, trimmed, empty ones dropped. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Create a provider (with its first keys), or edit one (the name is fixed). */
export function ProviderForm({ editing, onDone }: { editing?: Provider; onDone(message: string): void }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const [name, setName] = useState(editing?.name ?? '');
  const [apiType, setApiType] = useState<ApiType>(editing?.api_type ?? 'openai');
  const [baseUrl, setBaseUrl] = useState(editing?.base_url ?? '');
  const [modelsEndpoint, setModelsEndpoint] = useState(editing?.models_endpoint ?? '');
  const [strategy, setStrategy] = useState<KeyStrategy>(editing?.key_strategy ?? 'first');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [responsesApi, setResponsesApi] = useState(editing?.responses_api ?? false);
  const [keys, setKeys] = useState('');
  // The gateway lists its provider types; until they load, the current one is the only option.
  const apiTypes = useApiTypes().data ?? [apiType];

  const save = useMutation({
    mutationFn: () => {
      const common = { api_type: apiType, base_url: baseUrl.trim(), models_endpoint: modelsEndpoint.trim() || null, key_strategy: strategy, enabled, responses_api: apiType === 'openai' && responsesApi };
      return editing
        ? client.request<Provider>('PATCH', `/providers/${pathOf(editing.name)}`, common)
        : client.request<Provider>('POST', '/providers', { name: name.trim(), ...common, keys: linesOf(keys) });
    },
    onSuccess: async (p) => {
      await refresh(KEYS.providers);
      const done = t(editing ? 'providers.saved' : 'providers.created', { name: p.name });
      onDone(p.note ? `${done} ${p.note}` : done);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = save.error;
  const id = (f: string) => `provider-${f}`;
  return (
    <form className="card form" onSubmit={submit} aria-label={editing ? t('providers.editing', { name: editing.name }) : t('providers.new')}>
      <h2>{editing ? t('providers.editing', { name: editing.name }) : t('providers.new')}</h2>
      <div className="grid">
        {editing ? null : (
          <Field id={id('name')} label={t('common.name')} error={fieldError(err, 'name')}>
            <input id={id('name')} value={name} onChange={(e) => setName(e.target.value)} required />
          </Field>
        )}
        <Field id={id('api-type')} label={t('providers.apiType')} error={fieldError(err, 'api_type')}>
          <select id={id('api-type')} value={apiType} onChange={(e) => setApiType(e.target.value as ApiType)}>
            {apiTypes.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </Field>
        <Field id={id('base-url')} label={t('providers.baseUrl')} error={fieldError(err, 'base_url')}>
          <input id={id('base-url')} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://api.openai.com/v1" required />
        </Field>
        <Field id={id('models-endpoint')} label={t('providers.modelsEndpoint')} error={fieldError(err, 'models_endpoint')}>
          <input id={id('models-endpoint')} value={modelsEndpoint} onChange={(e) => setModelsEndpoint(e.target.value)} />
        </Field>
        <Field id={id('key-strategy')} label={t('providers.keyStrategy')} error={fieldError(err, 'key_strategy')}>
          <select id={id('key-strategy')} value={strategy} onChange={(e) => setStrategy(e.target.value as KeyStrategy)}>
            {STRATEGIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <div className="field field-check">
          <input id={id('enabled')} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <label htmlFor={id('enabled')}>{t('common.enabled')}</label>
        </div>
        {apiType === 'openai' ? (
          <div className="field field-check">
            <input id={id('responses-api')} type="checkbox" checked={responsesApi} onChange={(e) => setResponsesApi(e.target.checked)} />
            <label htmlFor={id('responses-api')}>{t('providers.responsesApi')}</label>
          </div>
        ) : null}
      </div>
      {editing ? null : (
        <Field id={id('keys')} label={t('providers.keysInitial')} error={fieldError(err, 'keys')}>
          <textarea id={id('keys')} rows={3} value={keys} onChange={(e) => setKeys(e.target.value)} spellCheck={false} />
        </Field>
      )}
      <FormActions submitLabel={editing ? t('providers.save') : t('providers.create')} pending={save.isPending} onCancel={() => onDone('')} error={formError(err, FIELDS)} />
    </form>
  );
}
