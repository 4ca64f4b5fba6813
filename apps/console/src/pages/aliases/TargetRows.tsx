import type { AliasTarget } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

/** One target as the form holds it: the number fields as typed. */
export interface TargetDraft {
  model: string;
  priority: string;
  weight: string;
}

export const EMPTY_TARGET: TargetDraft = { model: '', priority: '0', weight: '1' };

/**
 * The body of PUT /admin/aliases/:alias: one target with the default priority and weight is the
 * plain `{target}` form; anything else is `{targets}` (a field left empty takes its default).
 */
export function aliasBody(drafts: TargetDraft[]): { target: string } | { targets: AliasTarget[] } {
  const targets = drafts.map((d) => ({ model: d.model, priority: d.priority.trim() === '' ? 0 : Number(d.priority), weight: d.weight.trim() === '' ? 1 : Number(d.weight) }));
  const only = targets[0];
  if (targets.length === 1 && only && only.priority === 0 && only.weight === 1) return { target: only.model };
  return { targets };
}

/** A target as the table shows it. */
export function targetText(t: AliasTarget): string {
  return `${t.model} (${t.priority}, ${t.weight})`;
}

/** The target rows of the alias form: a catalog model, its priority and weight each; rows can be added and removed. */
export function TargetRows({ drafts, models, onChange }: { drafts: TargetDraft[]; models: string[]; onChange(next: TargetDraft[]): void }) {
  const { t } = useI18n();
  const update = (i: number, field: keyof TargetDraft, value: string) => onChange(drafts.map((d, j) => (j === i ? { ...d, [field]: value } : d)));
  return (
    <fieldset className="targets">
      <legend>{t('aliases.targets')}</legend>
      <p className="muted">{t('aliases.fallbackNote')}</p>
      {drafts.map((d, i) => {
        const n = String(i + 1);
        return (
          <div key={i} className="target-row">
            <select aria-label={`${t('aliases.targetN', { n })} ${t('aliases.target')}`} value={d.model} onChange={(e) => update(i, 'model', e.target.value)} required>
              <option value="">{t('aliases.pick')}</option>
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
            <input aria-label={`${t('aliases.targetN', { n })} ${t('aliases.priority')}`} inputMode="numeric" value={d.priority} onChange={(e) => update(i, 'priority', e.target.value)} />
            <input aria-label={`${t('aliases.targetN', { n })} ${t('aliases.weight')}`} inputMode="decimal" value={d.weight} onChange={(e) => update(i, 'weight', e.target.value)} />
            {drafts.length > 1 ? (
              <button type="button" onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
                {t('aliases.removeTarget', { n })}
              </button>
            ) : null}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...drafts, { ...EMPTY_TARGET, priority: String(Math.max(0, ...drafts.map((d) => Number(d.priority) || 0)) - 1) }])}>
        {t('aliases.addTarget')}
      </button>
    </fieldset>
  );
}
