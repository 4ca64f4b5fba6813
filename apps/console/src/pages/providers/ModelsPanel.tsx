import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { pathOf } from '../../api/client';
import { KEYS, useModels, useRefresh } from '../../api/queries';
import type { List, UpstreamModel } from '../../api/types';
import { useClient } from '../../auth/auth';
import { ActionError, Field, Notice } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { fieldError, formError } from '../../lib/form-error';
import { OutputCapForm } from './OutputCapForm';
import { linesOf } from './ProviderForm';

interface Applied {
  added: string[];
  removed: string[];
}

/** Model discovery (ask the upstream now, tick what to expose, apply in one action) and the catalog. */
export function ModelsPanel({ provider }: { provider: string }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const catalog = useModels();
  const base = `/providers/${pathOf(provider)}`;
  const [upstream, setUpstream] = useState<UpstreamModel[] | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [manual, setManual] = useState('');
  const [unlisted, setUnlisted] = useState(false);
  const [notice, setNotice] = useState('');
  const mine = (catalog.data ?? []).filter((m) => m.provider === provider);

  const discover = useMutation({
    mutationFn: async () => (await client.get<List<UpstreamModel>>(`${base}/upstream-models`)).data,
    onSuccess: (list) => {
      setUpstream(list);
      setTicked(new Set(list.filter((m) => m.in_catalog).map((m) => m.id)));
    },
  });
  const change = async (add: string[], remove: string[], addUnlisted = false): Promise<Applied> => {
    const result: Applied = { added: [], removed: [] };
    const body = addUnlisted ? { ids: add, unlisted: true } : { ids: add };
    if (add.length > 0) result.added = (await client.request<{ added: string[] }>('POST', `${base}/models`, body)).added;
    if (remove.length > 0) result.removed = (await client.request<{ removed: string[] }>('DELETE', `${base}/models`, { ids: remove })).removed;
    return result;
  };
  const done = async (r: Applied) => {
    const nothing = r.added.length === 0 && r.removed.length === 0;
    setNotice(nothing ? t('models.nothingChanged') : t('models.applied', { added: r.added.join(', ') || '-', removed: r.removed.join(', ') || '-' }));
    await refresh(KEYS.models, KEYS.providers, KEYS.prices);
  };
  const apply = useMutation({
    mutationFn: () => {
      const list = upstream ?? [];
      return change(
        list.filter((m) => !m.in_catalog && ticked.has(m.id)).map((m) => m.id),
        list.filter((m) => m.in_catalog && !ticked.has(m.id)).map((m) => m.id),
      );
    },
    onSuccess: async (r) => {
      await done(r);
      discover.mutate();
    },
  });
  const addManual = useMutation({
    mutationFn: () => change(linesOf(manual), [], unlisted),
    onSuccess: async (r) => {
      setManual('');
      await done(r);
    },
  });
  const removeOne = useMutation({ mutationFn: (id: string) => change([], [id]), onSuccess: done });

  const toggle = (id: string) => {
    const next = new Set(ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setTicked(next);
  };
  const submitManual = (e: FormEvent) => {
    e.preventDefault();
    addManual.mutate();
  };

  return (
    <section className="card" aria-label={t('models.heading', { name: provider })}>
      <h3>{t('models.heading', { name: provider })}</h3>
      <div className="actions">
        <button type="button" onClick={() => discover.mutate()} disabled={discover.isPending}>
          {t('models.discover')}
        </button>
        <ActionError message={formError(discover.error, [])} />
      </div>
      {upstream ? (
        <fieldset className="checklist">
          <legend>{t('models.discoverHelp')}</legend>
          {upstream.map((m) => (
            <div key={m.id} className="check">
              <input id={`upstream-${provider}-${m.id}`} type="checkbox" checked={ticked.has(m.id)} onChange={() => toggle(m.id)} />
              <label htmlFor={`upstream-${provider}-${m.id}`}>
                {m.id}
                {m.in_catalog ? <span className="tag">{t('models.catalog')}</span> : null}
              </label>
            </div>
          ))}
          <div className="actions">
            <button type="button" className="primary" onClick={() => apply.mutate()} disabled={apply.isPending}>
              {t('models.apply')}
            </button>
            <ActionError message={formError(apply.error, [])} />
          </div>
        </fieldset>
      ) : null}
      <h4>{t('models.catalog')}</h4>
      {mine.length === 0 ? <p className="muted">{t('models.empty')}</p> : null}
      <ul className="plain">
        {mine.map((m) => (
          <li key={m.id}>
            <code>{m.model}</code>
            {m.unlisted ? (
              <span className="tag" title={t('models.unlistedHelp')}>
                {t('models.unlisted')}
              </span>
            ) : null}
            <button type="button" onClick={() => removeOne.mutate(m.model)}>
              {t('models.remove')} {m.model}
            </button>
            <OutputCapForm model={m} onSaved={setNotice} />
          </li>
        ))}
      </ul>
      <ActionError message={formError(removeOne.error, [])} />
      <form onSubmit={submitManual} className="inline-form">
        <Field id={`models-manual-${provider}`} label={t('models.manual')} error={fieldError(addManual.error, 'ids')}>
          <textarea id={`models-manual-${provider}`} rows={2} value={manual} onChange={(e) => setManual(e.target.value)} spellCheck={false} />
        </Field>
        <div className="check">
          <input id={`models-unlisted-${provider}`} type="checkbox" checked={unlisted} onChange={(e) => setUnlisted(e.target.checked)} />
          <label htmlFor={`models-unlisted-${provider}`}>{t('models.addUnlisted')}</label>
        </div>
        <div className="actions">
          <button type="submit" disabled={addManual.isPending}>
            {t('models.addManual')}
          </button>
          <ActionError message={formError(addManual.error, ['ids'])} />
        </div>
      </form>
      <Notice message={notice} />
    </section>
  );
}
