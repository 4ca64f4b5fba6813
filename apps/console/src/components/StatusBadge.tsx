import type { TokenStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** The token's status exactly as the API computed it. */
export function StatusBadge({ status }: { status: TokenStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}
