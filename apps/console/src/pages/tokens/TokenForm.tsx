import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { KEYS, useAliases, useGatewayInfo, useModels, useRefresh } from '../../api/queries';
import type { IssuedToken, Token } from '../../api/types';
import { useClient } from '../../auth/auth';
import { Field, FormActions } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { fieldError, formError } from '../../lib/form-error';
import { apiTimeToInput, inputToApiTime } from '../../lib/time';
import { McpAllowList } from './McpAllowList';

const LIMITS = ['rpm_limit', 'tpm_limit', 'concurrency_limit'] as const;
type LimitField = (typeof LIMITS)[number];
const FIELDS = ['name', 'allowed_models', 'mcp_allowed', 'max_amount', ...LIMITS, 'expires_at', 'enabled'] as const;

/** A number field as the API takes it: empty is null (no limit), a number as a number, anything else as typed (the API names it). */
function numberOrNull(text: string): number | string | null {
  const n = Number(text.trim());
  return text.trim() === '' ? null : Number.isFinite(n) ? n : text;
}

/** The body for the API: on edit, only what changed (an unchanged past expiry must not be re-sent). */
function bodyOf(values: Record<string, unknown>, editing?: Token): Record<string, unknown> {
  if (!editing) return values;
  const before: Record<string, unknown> = {
    name: editing.name,
    allowed_models: editing.allowed_models,
    mcp_allowed: editing.mcp_allowed,
    max_amount: editing.max_amount,
    rpm_limit: editing.rpm_limit,
    tpm_limit: editing.tpm_limit,
    concurrency_limit: editing.concurrency_limit,
    expires_at: editing.expires_at,
    enabled: editing.enabled,
  };
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
}

/** Create a token, or edit one; allowed models are picked from the catalog and the aliases. */
export function TokenForm({ editing, onCreated, onDone }: { editing?: Token; onCreated?(token: IssuedToken): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const { timezone, currency } = useGatewayInfo();
  const models = useModels().data ?? [];
  const aliases = useAliases().data ?? [];
  const [name, setName] = useState(editing?.name ?? '');
  const [allowed, setAllowed] = useState<Set<string>>(new Set(editing?.allowed_models ?? []));
  const [mcpAllowed, setMcpAllowed] = useState<Set<string>>(new Set(editing?.mcp_allowed ?? []));
  const [budget, setBudget] = useState(editing?.max_amount === null || !editing ? '' : String(editing.max_amount));
  const [limits, setLimits] = useState<Record<LimitField, string>>(() => {
    const shown = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
    return { rpm_limit: shown(editing?.rpm_limit), tpm_limit: shown(editing?.tpm_limit), concurrency_limit: shown(editing?.concurrency_limit) };
  });
  const [expires, setExpires] = useState(apiTimeToInput(editing?.expires_at));
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const save = useMutation({
    mutationFn: async () => {
      const values = {
        name: name.trim(),
        allowed_models: allowed.size === 0 ? null : [...allowed],
        mcp_allowed: mcpAllowed.size === 0 ? null : [...mcpAllowed],
        max_amount: numberOrNull(budget),
        rpm_limit: numberOrNull(limits.rpm_limit),
        tpm_limit: numberOrNull(limits.tpm_limit),
        concurrency_limit: numberOrNull(limits.concurrency_limit),
        expires_at: inputToApiTime(expires),
        enabled,
      };
      if (!editing) return client.request<IssuedToken>('POST', '/tokens', values);
      const body = bodyOf(values, editing);
      return Object.keys(body).length === 0 ? editing : client.request<Token>('PATCH', `/tokens/${editing.id}`, body);
    },
    onSuccess: async (token) => {
      await refresh(KEYS.tokens);
      // Without `editing` the answer is the create's, which carries the key.
      if (!editing) onCreated?.(token as IssuedToken);
      onDone('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const toggle = (id: string) => {
    const next = new Set(allowed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setAllowed(next);
  };
  const choices = [...models.map((m) => ({ id: m.id, alias: false })), ...aliases.map((a) => ({ id: a.alias, alias: true }))];
  // Entries of the token that are no longer offered stay visible, so saving keeps or drops them knowingly.
  for (const id of editing?.allowed_models ?? []) if (!choices.some((c) => c.id === id)) choices.push({ id, alias: false });
  const err = save.error;
  const title = editing ? t('tokens.editing', { name: editing.name }) : t('tokens.new');
  const prefix = editing ? `token-${editing.id}` : 'token-new';
  return (
    <form className="card form" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      <div className="grid">
        <Field id={`${prefix}-name`} label={t('common.name')} error={fieldError(err, 'name')}>
          <input id={`${prefix}-name`} value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field id={`${prefix}-budget`} label={t('tokens.budget', { currency })} error={fieldError(err, 'max_amount')}>
          <input id={`${prefix}-budget`} inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} />
        </Field>
        {LIMITS.map((field) => (
          <Field key={field} id={`${prefix}-${field}`} label={t(`tokens.${field}`)} error={fieldError(err, field)}>
            <input
              id={`${prefix}-${field}`}
              inputMode="numeric"
              value={limits[field]}
              onChange={(e) => setLimits({ ...limits, [field]: e.target.value })}
            />
          </Field>
        ))}
        <Field id={`${prefix}-expires`} label={t('tokens.expires', { zone: timezone })} error={fieldError(err, 'expires_at')}>
          <input id={`${prefix}-expires`} type="datetime-local" step={1} value={expires} onChange={(e) => setExpires(e.target.value)} />
        </Field>
        <div className="field field-check">
          <input id={`${prefix}-enabled`} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <label htmlFor={`${prefix}-enabled`}>{t('common.enabled')}</label>
        </div>
      </div>
      <fieldset className="checklist">
        <legend>{t('tokens.allowed')}</legend>
        {choices.map((c) => (
          <div key={`${c.alias ? 'a' : 'm'}:${c.id}`} className="check">
            <input id={`${prefix}-allow-${c.id}`} type="checkbox" checked={allowed.has(c.id)} onChange={() => toggle(c.id)} />
            <label htmlFor={`${prefix}-allow-${c.id}`}>
              {c.id}
              {c.alias ? <span className="tag">{t('tokens.aliasTag')}</span> : null}
            </label>
          </div>
        ))}
        {fieldError(err, 'allowed_models') ? (
          <p className="field-error" role="alert">
            {fieldError(err, 'allowed_models')}
          </p>
        ) : null}
      </fieldset>
      <McpAllowList prefix={prefix} value={mcpAllowed} onChange={setMcpAllowed} error={fieldError(err, 'mcp_allowed')} />
      <FormActions submitLabel={editing ? t('tokens.save') : t('tokens.create')} pending={save.isPending} onCancel={() => onDone('')} error={formError(err, FIELDS)} />
    </form>
  );
}
