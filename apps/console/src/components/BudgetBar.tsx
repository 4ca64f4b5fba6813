import type { Token } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { formatMoney, spentFraction } from '../lib/format';

/** Spent and remaining of a token's budget as a bar with the numbers spelled out. */
export function BudgetBar({ token }: { token: Token }) {
  const { t, lang } = useI18n();
  const money = (v: number | null) => formatMoney(v, token.currency, lang);
  const fraction = spentFraction(token.amount_spent, token.max_amount);
  if (fraction === null) return <span>{t('tokens.spentOnly', { spent: money(token.amount_spent) })}</span>;
  const text = t('tokens.budgetBar', { spent: money(token.amount_spent), max: money(token.max_amount), remaining: money(token.remaining) });
  return (
    <div className="budget">
      <div className="budget-track" aria-hidden="true">
        <div className={fraction >= 1 ? 'budget-fill budget-full' : 'budget-fill'} style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <span className="budget-text">{text}</span>
    </div>
  );
}
