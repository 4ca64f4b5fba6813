import type { AttemptDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

/**
 * The upstream attempts of a request, in order (fallbacks across providers): provider, upstream
 * model, key hint, status, error and milliseconds of each; nothing when the row has none.
 */
export function AttemptList({ attempts }: { attempts: AttemptDetail[] | null }) {
  const { t } = useI18n();
  if (!attempts || attempts.length === 0) return null;
  return (
    <section aria-label={t('logs.attempts')}>
      <h4>{t('logs.attempts')}</h4>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('common.provider')}</th>
            <th>{t('common.model')}</th>
            <th>{t('logs.attemptKey')}</th>
            <th className="num">{t('common.status')}</th>
            <th className="num">ms</th>
            <th>{t('logs.attemptError')}</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a, i) => (
            <tr key={i} className={a.error !== null ? 'failed' : undefined}>
              <td>{i + 1}</td>
              <td>{a.provider}</td>
              <td>{a.model}</td>
              <td>{a.key ?? '-'}</td>
              <td className="num">{a.status ?? '-'}</td>
              <td className="num">{a.ms}</td>
              <td>{a.error ?? t('logs.attemptOk')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
