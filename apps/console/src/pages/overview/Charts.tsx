import type { ReactElement } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Stats } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { formatAxisMoney, formatCompact, formatCount, formatMoney } from '../../lib/format';
import { bucketLabel } from '../../lib/time';

const HEIGHT = 220;
const COLORS = { requests: '#2f6fdf', errors: '#d64545', spend: '#1f9d6b', tokens: '#8a5cd6' };

function ChartCard({ title, children }: { title: string; children: ReactElement }) {
  return (
    <section className="card chart" aria-label={title}>
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        {children}
      </ResponsiveContainer>
    </section>
  );
}

/** Requests and errors, spend, and tokens per bucket, as the API counted them. */
export function Charts({ stats }: { stats: Stats }) {
  const { t, lang } = useI18n();
  const data = stats.buckets.map((b) => ({ ...b, label: bucketLabel(b.start, stats.unit) }));
  const count = (v: unknown) => formatCount(Number(v), lang);
  const money = (v: unknown) => formatMoney(Number(v), stats.currency, lang);
  const compact = (v: number) => formatCompact(v, lang);
  const moneyTick = (v: number) => formatAxisMoney(v, lang);
  const axis = { tick: { fontSize: 12 }, stroke: '#7a8594' };
  return (
    <div className="charts">
      <ChartCard title={t('overview.requestsChart')}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={12} />
          <YAxis {...axis} allowDecimals={false} tickFormatter={compact} width={44} />
          <Tooltip formatter={count} labelFormatter={(_l, p) => String(p?.[0]?.payload?.start ?? '')} />
          <Legend />
          <Bar dataKey="requests" name={t('common.requests')} fill={COLORS.requests} isAnimationActive={false} />
          <Bar dataKey="errors" name={t('common.errors')} fill={COLORS.errors} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title={t('overview.spendChart', { currency: stats.currency })}>
        {stats.unit === 'day' ? (
          // One bar per day: a day's spend is a total, not a trend between points.
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" {...axis} minTickGap={12} />
            <YAxis {...axis} tickFormatter={moneyTick} width={64} />
            <Tooltip formatter={money} labelFormatter={(_l, p) => String(p?.[0]?.payload?.start ?? '')} />
            <Bar dataKey="spend" name={t('common.spend')} fill={COLORS.spend} isAnimationActive={false} />
          </BarChart>
        ) : (
          <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" {...axis} minTickGap={12} />
            <YAxis {...axis} tickFormatter={moneyTick} width={64} />
            <Tooltip formatter={money} labelFormatter={(_l, p) => String(p?.[0]?.payload?.start ?? '')} />
            <Area dataKey="spend" name={t('common.spend')} stroke={COLORS.spend} fill={COLORS.spend} fillOpacity={0.25} isAnimationActive={false} />
          </AreaChart>
        )}
      </ChartCard>
      <ChartCard title={t('overview.tokensChart')}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={12} />
          <YAxis {...axis} allowDecimals={false} tickFormatter={compact} width={44} />
          <Tooltip formatter={count} labelFormatter={(_l, p) => String(p?.[0]?.payload?.start ?? '')} />
          <Bar dataKey="tokens" name={t('common.tokens')} fill={COLORS.tokens} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </div>
  );
}
