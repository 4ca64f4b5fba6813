import { useMutation, useQuery } from '@tanstack/react-query';
import { pathOf } from '../../api/client';
import { KEYS, useModels, usePrices, useRefresh } from '../../api/queries';
import type { List, ProviderKey } from '../../api/types';
import { useClient } from '../../auth/auth';
import { ActionError } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { formError } from '../../lib/form-error';

interface Deleted {
  name: string;
  removed: { keys: number; models: number; prices: number };
}

/** The confirmation before a provider goes: every key, model and price the cascade takes with it. */
export function DeleteProvider({ name, onDone }: { name: string; onDone(message: string): void }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const keys = useQuery({ queryKey: ['keys', name], queryFn: async () => (await client.get<List<ProviderKey>>(`/providers/${pathOf(name)}/keys`)).data });
  const models = (useModels().data ?? []).filter((m) => m.provider === name);
  const prices = (usePrices().data ?? []).filter((p) => p.provider === name);
  const remove = useMutation({
    mutationFn: () => client.request<Deleted>('DELETE', `/providers/${pathOf(name)}`),
    onSuccess: async (res) => {
      await refresh(KEYS.providers, KEYS.models, KEYS.prices, ['keys', name]);
      onDone(t('providers.deleted', { name: res.name, ...res.removed }));
    },
  });
  const list = (items: string[]) => (items.length === 0 ? t('common.none') : items.join(', '));
  const title = t('providers.deleteTitle', { name });
  return (
    <section className="card confirm" role="alertdialog" aria-label={title}>
      <h2>{title}</h2>
      <p>{t('providers.deleteIntro')}</p>
      <ul>
        <li>{t('providers.deleteKeys', { count: keys.data?.length ?? '...', list: list((keys.data ?? []).map((k) => k.hint ?? `#${k.id}`)) })}</li>
        <li>{t('providers.deleteModels', { count: models.length, list: list(models.map((m) => m.model)) })}</li>
        <li>{t('providers.deletePrices', { count: prices.length, list: list(prices.map((p) => p.model)) })}</li>
      </ul>
      <p className="muted">{t('providers.deleteNote')}</p>
      <div className="actions">
        <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
          {t('providers.deleteConfirm')}
        </button>
        <button type="button" onClick={() => onDone('')}>
          {t('common.cancel')}
        </button>
        <ActionError message={formError(remove.error, [])} />
      </div>
    </section>
  );
}
