import type { Lang } from '../i18n/i18n';

const LOCALES: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };

export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

/**
 * Money as the API gives it (a number in billing.currency). Small amounts keep their digits
 * (a call often costs a fraction of a cent): at least 2 and up to 6 decimals. A currency that is
 * not an ISO 4217 code is written after the number.
 */
export function formatMoney(value: number | null | undefined, currency: string, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  const digits = { minimumFractionDigits: 2, maximumFractionDigits: 6 };
  try {
    return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency, currencyDisplay: 'code', ...digits }).format(value);
  } catch {
    return `${new Intl.NumberFormat(localeOf(lang), digits).format(value)} ${currency}`;
  }
}

/** Whole numbers with grouping; '-' for a missing value. */
export function formatCount(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 0 }).format(value);
}

/** Short axis ticks: 1.2K, 3.4M (and the Chinese forms in zh). */
export function formatCompact(value: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang), { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

/**
 * Money axis ticks: small sums keep 3 significant digits (0.00042, not 0), large ones go compact
 * (1.2K). The currency is in the chart's title.
 */
export function formatAxisMoney(value: number, lang: Lang): string {
  if (!Number.isFinite(value)) return '';
  if (Math.abs(value) >= 1000) return formatCompact(value, lang);
  return new Intl.NumberFormat(localeOf(lang), { maximumSignificantDigits: 3 }).format(value);
}

/** How much of the budget is spent, 0..1, for a bar; null when the token has no budget. */
export function spentFraction(spent: number, max: number | null): number | null {
  if (max === null) return null;
  if (max <= 0) return 1;
  return Math.min(1, Math.max(0, spent / max));
}

/** A token key shortened for tables: first 6 and last 4 characters. */
export function shortKey(key: string): string {
  return key.length <= 12 ? key : `${key.slice(0, 6)}...${key.slice(-4)}`;
}
