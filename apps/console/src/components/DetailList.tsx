import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

function shown(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">-</span>;
  if (typeof value === 'object') return <pre>{JSON.stringify(value, null, 2)}</pre>;
  const text = String(value);
  return text.length > 80 || text.includes('\n') ? <pre>{text}</pre> : text;
}

/**
 * Every column of a row, under its column name: the detail panel of the log pages. A page may show
 * some columns its own way (`children`, after the list) and leave them out of the list (`skip`).
 */
export function DetailPanel({ title, row, onClose, skip = [], children }: { title: string; row: object; onClose(): void; skip?: readonly string[]; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <aside className="detail" aria-label={title}>
      <div className="detail-head">
        <h3>{title}</h3>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <dl>
        {Object.entries(row)
          .filter(([name]) => !skip.includes(name))
          .map(([name, value]) => (
          <div key={name} className="detail-row">
            <dt>{name}</dt>
            <dd>{shown(value)}</dd>
          </div>
        ))}
      </dl>
      {children}
    </aside>
  );
}
