import { useState } from 'react';
import type { IssuedToken } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

/** The key of a token just created or rotated: shown this once, with a copy button. */
export function NewKey({ token, rotated = false, onDone }: { token: IssuedToken; rotated?: boolean; onDone(): void }) {
  const { t } = useI18n();
  const label = rotated ? t('tokens.rotatedKey', { name: token.name }) : t('tokens.newKey');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.key);
    } catch {
      // No clipboard permission (plain http, say): select the text so Ctrl+C works.
      const input = document.getElementById('new-token-key') as HTMLInputElement | null;
      input?.select();
    }
    setCopied(true);
  };
  return (
    <section className="card newkey" aria-label={label}>
      <label htmlFor="new-token-key">{label}</label>
      <div className="actions">
        <input id="new-token-key" readOnly value={token.key} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="primary" onClick={copy}>
          {copied ? t('tokens.copied') : t('tokens.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.done')}
        </button>
      </div>
    </section>
  );
}
