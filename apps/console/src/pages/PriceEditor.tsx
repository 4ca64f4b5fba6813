import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { KEYS, useRefresh } from '../api/queries';
import type { CatalogModel, Price } from '../api/types';
import { useClient } from '../auth/auth';
import { ActionError } from '../components/Field';
import { useI18n } from '../i18n/i18n';
import { fieldError, formError } from '../lib/form-error';

const FIELDS = ['prompt_per_million', 'completion_per_million', 'cached_prompt_per_million', 'provider', 'model', 'currency'];

/** Text to a number for the API; what is not a number goes as text so the API can say why. */
function amountOf(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** One row of the prices table in edit mode: three amounts, saved with PUT /admin/prices. */
export function PriceEditor({ model, price, onDone }: { model: CatalogModel; price?: Price; onDone(message: string): void }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const [prompt, setPrompt] = useState(price ? String(price.prompt_per_million) : '');
  const [completion, setCompletion] = useState(price ? String(price.completion_per_million) : '');
  const [cached, setCached] = useState(price?.cached_prompt_per_million === null || !price ? '' : String(price.cached_prompt_per_million));
  const save = useMutation({
    mutationFn: () =>
      client.request<Price>('PUT', '/prices', {
        provider: model.provider,
        model: model.model,
        prompt_per_million: amountOf(prompt),
        completion_per_million: amountOf(completion),
        cached_prompt_per_million: cached.trim() === '' ? null : amountOf(cached),
      }),
    onSuccess: async () => {
      await refresh(KEYS.prices, KEYS.models);
      onDone(t('prices.saved', { model: model.id }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const input = (name: string, label: string, value: string, set: (v: string) => void) => {
    const id = `price-${name}-${model.id}`;
    const error = fieldError(save.error, name);
    return (
      <td className="num">
        <label htmlFor={id} className="small-label">
          {label}
        </label>
        <input id={id} form={`price-form-${model.id}`} inputMode="decimal" value={value} onChange={(e) => set(e.target.value)} aria-invalid={error ? true : undefined} />
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </td>
    );
  };
  return (
    <tr className="editing">
      <td>{model.model}</td>
      {input('prompt_per_million', t('prices.prompt'), prompt, setPrompt)}
      {input('completion_per_million', t('prices.completion'), completion, setCompletion)}
      {input('cached_prompt_per_million', t('prices.cached'), cached, setCached)}
      <td />
      <td className="row-actions">
        <form id={`price-form-${model.id}`} onSubmit={submit}>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
          <button type="button" onClick={() => onDone('')}>
            {t('common.cancel')}
          </button>
        </form>
        <ActionError message={formError(save.error, FIELDS.slice(0, 3))} />
      </td>
    </tr>
  );
}
