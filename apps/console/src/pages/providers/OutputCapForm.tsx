import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { pathOf } from '../../api/client';
import { KEYS, useRefresh } from '../../api/queries';
import type { CatalogModel } from '../../api/types';
import { useClient } from '../../auth/auth';
import { ActionError } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { fieldError, formError } from '../../lib/form-error';

/** Text to the API's max_output_tokens: empty is no cap; what is not a number goes as text so the API can say why. */
function capOf(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** A catalog model's output cap (max_output_tokens), saved with PATCH /admin/providers/{name}/models/{model}. */
export function OutputCapForm({ model, onSaved }: { model: CatalogModel; onSaved(message: string): void }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const [value, setValue] = useState(model.max_output_tokens === null ? '' : String(model.max_output_tokens));
  const save = useMutation({
    mutationFn: () => client.request<CatalogModel>('PATCH', `/providers/${pathOf(model.provider)}/models/${pathOf(model.model)}`, { max_output_tokens: capOf(value) }),
    onSuccess: async (saved) => {
      await refresh(KEYS.models);
      onSaved(saved.max_output_tokens === null ? t('models.capCleared', { model: model.model }) : t('models.capSaved', { model: model.model, cap: String(saved.max_output_tokens) }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const id = `output-cap-${model.id}`;
  const error = fieldError(save.error, 'max_output_tokens');
  return (
    <form onSubmit={submit} className="inline-form">
      <label htmlFor={id} className="small-label">
        {t('models.cap', { model: model.model })}
      </label>
      <input id={id} inputMode="numeric" placeholder={t('models.noCap')} value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error ? true : undefined} />
      <button type="submit" disabled={save.isPending}>
        {t('models.saveCap', { model: model.model })}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      <ActionError message={formError(save.error, ['max_output_tokens'])} />
    </form>
  );
}
