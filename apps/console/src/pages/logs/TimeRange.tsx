import { useGatewayInfo } from '../../api/queries';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { fieldError } from '../../lib/form-error';

/** 24-hour local time as the tables show it, whatever the browser's locale. */
const PLACEHOLDER = 'YYYY-MM-DD HH:mm';

/** From and to inputs in the gateway's local time, typed as `YYYY-MM-DD HH:mm` (24-hour). */
export function TimeRange({ prefix, from, to, setFrom, setTo, error }: { prefix: string; from: string; to: string; setFrom(v: string): void; setTo(v: string): void; error: unknown }) {
  const { t } = useI18n();
  const { timezone } = useGatewayInfo();
  return (
    <>
      <Field id={`${prefix}-from`} label={t('logs.from', { zone: timezone })} error={fieldError(error, 'from')}>
        <input id={`${prefix}-from`} type="text" placeholder={PLACEHOLDER} value={from} onChange={(e) => setFrom(e.target.value)} />
      </Field>
      <Field id={`${prefix}-to`} label={t('logs.to', { zone: timezone })} error={fieldError(error, 'to')}>
        <input id={`${prefix}-to`} type="text" placeholder={PLACEHOLDER} value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
    </>
  );
}
