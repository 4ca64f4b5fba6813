import { useMutation } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { pathOf } from '../api/client';
import { KEYS, useModels, usePrices, useRefresh } from '../api/queries';
import type { CatalogModel, Price } from '../api/types';
import { useClient } from '../auth/auth';
import { ActionError, Notice, QueryState } from '../components/Field';
import { useI18n } from '../i18n/i18n';
import { formError } from '../lib/form-error';
import { formatMoney } from '../lib/format';
import { PriceEditor } from './PriceEditor';

/** Catalog models grouped by provider, each with its price (or highlighted when it has none). */
export function PricesPage() {
  const { t, lang } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const models = useModels();
  const prices = usePrices();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const priceOf = new Map((prices.data ?? []).map((p) => [`${p.provider}/${p.model}`, p]));
  const byProvider = new Map<string, CatalogModel[]>();
  for (const m of models.data ?? []) byProvider.set(m.provider, [...(byProvider.get(m.provider) ?? []), m]);
  const remove = useMutation({
    mutationFn: (p: Price) => client.request('DELETE', `/prices/${pathOf(p.provider)}/${pathOf(p.model)}`),
    onSuccess: () => refresh(KEYS.prices, KEYS.models),
  });
  const money = (v: number | null | undefined, p: Price) => formatMoney(v, p.currency, lang);

  return (
    <>
      <div className="page-head">
        <h1>{t('prices.heading')}</h1>
      </div>
      <p className="muted">{t('prices.intro')}</p>
      <Notice message={notice} />
      <QueryState loading={models.isLoading || prices.isLoading} error={models.error ?? prices.error} loadingText={t('common.loading')} errorText={(m) => t('common.failed', { message: m })} />
      {models.data && models.data.length === 0 ? <p className="muted">{t('prices.empty')}</p> : null}
      {byProvider.size > 0 ? (
        <div className="card">
          <table>
            <thead>
              <tr>
                <th>{t('common.model')}</th>
                <th className="num">{t('prices.prompt')}</th>
                <th className="num">{t('prices.completion')}</th>
                <th className="num">{t('prices.cached')}</th>
                <th>{t('common.updated')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...byProvider.entries()].map(([provider, list]) => (
                <Fragment key={provider}>
                  <tr className="group">
                    <th colSpan={6} scope="rowgroup">
                      {provider}
                    </th>
                  </tr>
                  {list.map((m) => {
                    const price = priceOf.get(m.id);
                    if (editing === m.id) {
                      return (
                        <PriceEditor
                          key={m.id}
                          model={m}
                          price={price}
                          onDone={(message) => {
                            setEditing(null);
                            setNotice(message);
                          }}
                        />
                      );
                    }
                    return (
                      <tr key={m.id} className={price ? undefined : 'missing'}>
                        <td>{m.model}</td>
                        {price ? (
                          <>
                            <td className="num">{money(price.prompt_per_million, price)}</td>
                            <td className="num">{money(price.completion_per_million, price)}</td>
                            <td className="num">{money(price.cached_prompt_per_million, price)}</td>
                            <td className="nowrap">{price.updated_at}</td>
                          </>
                        ) : (
                          <td colSpan={4}>
                            <strong>{t('prices.missing')}</strong>
                          </td>
                        )}
                        <td className="row-actions">
                          <button type="button" onClick={() => setEditing(m.id)} aria-label={`${price ? t('common.edit') : t('prices.set')} ${m.id}`}>
                            {price ? t('common.edit') : t('prices.set')}
                          </button>
                          {price ? (
                            <button type="button" className="danger" onClick={() => remove.mutate(price)} aria-label={`${t('common.delete')} ${m.id}`}>
                              {t('common.delete')}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </Fragment>
              ))}
            </tbody>
          </table>
          <ActionError message={formError(remove.error, [])} />
        </div>
      ) : null}
    </>
  );
}
