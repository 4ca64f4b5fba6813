import { useState, type FormEvent } from 'react';
import { ApiError, createClient } from '../api/client';
import { useAuth } from '../auth/auth';
import { Field } from '../components/Field';
import { useI18n } from '../i18n/i18n';

/** Checks the pasted token against the API before keeping it. */
export function SignInPage() {
  const { t } = useI18n();
  const { signIn, expired } = useAuth();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = token.trim();
    setChecking(true);
    setError(null);
    try {
      await createClient({ token: candidate }).get('/stats?range=24h');
      signIn(candidate);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.refused', { message: err.message }) : err instanceof Error ? err.message : String(err));
    } finally {
      setChecking(false);
    }
  };

  return (
    <form className="signin card" onSubmit={submit}>
      <h1>{t('signIn.heading')}</h1>
      {expired ? (
        <p className="action-error" role="alert">
          {t('signIn.expired')}
        </p>
      ) : null}
      <p className="muted">{t('signIn.intro')}</p>
      <Field id="signin-token" label={t('signIn.token')} error={error}>
        <input id="signin-token" type="password" autoComplete="off" spellCheck={false} required value={token} onChange={(e) => setToken(e.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={checking}>
        {checking ? t('signIn.checking') : t('signIn.submit')}
      </button>
    </form>
  );
}
