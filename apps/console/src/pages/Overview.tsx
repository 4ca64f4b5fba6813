import { useState } from 'react';
import { useStats } from '../api/queries';
import type { StatsRange } from '../api/types';
import { QueryState } from '../components/Field';
import { useI18n } from '../i18n/i18n';
import { formatCount, formatMoney } from '../lib/format';
import { Charts } from './overview/Charts';

const RANGES: { id: StatsRange; label: 'overview.range24h' | 'overview.range7d' }[] = [
  { id: '24h', label: 'overview.range24h' },
  { id: '7d', label: 'overview.range7d' },
];

export function OverviewPage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<StatsRange>('24h');
  const stats = useStats(range);
  const s = stats.data;
  const money = (v: number) => formatMoney(v, s?.currency ?? '', lang);
  const count = (v: number) => formatCount(v, lang);
  return (
    <>
      <div className="page-head">
        <h1>{t('overview.heading')}</h1>
        <div className="segmented" role="group" aria-label={t('overview.heading')}>
          {RANGES.map((r) => (
            <button key={r.id} type="button" aria-pressed={range === r.id} onClick={() => setRange(r.id)}>
              {t(r.label)}
            </button>
          ))}
        </div>
      </div>
      <QueryState loading={stats.isLoading} error={stats.error} loadingText={t('common.loading')} errorText={(m) => t('common.failed', { message: m })} />
      {s ? (
        <>
          <div className="totals">
            {(['requests', 'errors', 'spend', 'tokens'] as const).map((k) => (
              <div key={k} className="card total">
                <span className="muted">{t(`common.${k}`)}</span>
                <strong>{k === 'spend' ? money(s.totals.spend) : count(s.totals[k])}</strong>
              </div>
            ))}
          </div>
          <Charts stats={s} />
          <div className="two-col">
            <section className="card">
              <h2>{t('overview.topModels')}</h2>
              {s.top_models.length === 0 ? <p className="muted">{t('overview.noData')}</p> : null}
              <table>
                <thead>
                  <tr>
                    <th>{t('common.model')}</th>
                    <th className="num">{t('common.requests')}</th>
                    <th className="num">{t('common.tokens')}</th>
                    <th className="num">{t('common.spend')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.top_models.map((m) => (
                    <tr key={m.id}>
                      <td>{m.id}</td>
                      <td className="num">{count(m.requests)}</td>
                      <td className="num">{count(m.tokens)}</td>
                      <td className="num">{money(m.spend)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="card">
              <h2>{t('overview.topTokens')}</h2>
              {s.top_tokens.length === 0 ? <p className="muted">{t('overview.noData')}</p> : null}
              <table>
                <thead>
                  <tr>
                    <th>{t('common.name')}</th>
                    <th className="num">{t('common.id')}</th>
                    <th className="num">{t('common.requests')}</th>
                    <th className="num">{t('common.spend')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.top_tokens.map((k) => (
                    <tr key={k.id}>
                      <td>{k.name}</td>
                      <td className="num">{k.id}</td>
                      <td className="num">{count(k.requests)}</td>
                      <td className="num">{money(k.spend)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <section className="card">
            <h2>{t('overview.upstreamErrors')}</h2>
            {s.upstream_errors.length === 0 ? <p className="muted">{t('overview.noData')}</p> : null}
            <table>
              <thead>
                <tr>
                  <th>{t('common.time')}</th>
                  <th>{t('common.provider')}</th>
                  <th>{t('common.model')}</th>
                  <th className="num">{t('common.status')}</th>
                  <th className="num">{t('overview.upstreamStatus')}</th>
                  <th>{t('common.error')}</th>
                </tr>
              </thead>
              <tbody>
                {s.upstream_errors.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{e.ts}</td>
                    <td>{e.provider ?? '-'}</td>
                    <td>{e.model ?? '-'}</td>
                    <td className="num">{e.status_code}</td>
                    <td className="num">{e.upstream_status ?? '-'}</td>
                    <td className="wrap">{e.error_message ?? '-'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}
