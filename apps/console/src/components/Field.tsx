import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** A visible label, the control, and the API's message for this field under it. */
export function Field({ id, label, error, children }: { id: string; label: string; error?: string | null; children: ReactNode }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The API's message next to the button that caused it. */
export function ActionError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="action-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A confirmation of what just happened. */
export function Notice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="notice" role="status">
      {message}
    </p>
  ) : null;
}

/** Loading and load failures of a query. */
export function QueryState({ loading, error, loadingText, errorText }: { loading: boolean; error: unknown; loadingText: string; errorText: (message: string) => string }) {
  if (error) return <ActionError message={errorText(error instanceof Error ? error.message : String(error))} />;
  if (loading) return <p className="muted">{loadingText}</p>;
  return null;
}

/** Submit and Cancel under a form, with the error that belongs to no field. */
export function FormActions({ submitLabel, pending, onCancel, error }: { submitLabel: string; pending: boolean; onCancel(): void; error: string | null }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={pending}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <ActionError message={error} />
    </div>
  );
}
