import type { LocalTime } from '@aigw/config';
import type { StatsBucketRow, StatsTopModelRow, StatsTopTokenRow, StatsUpstreamErrorRow } from '@aigw/store';
import { bucketStart, type StatsWindow } from '../stats/stats-window';
import { money } from './money';

export interface StatsRows {
  buckets: StatsBucketRow[];
  topModels: StatsTopModelRow[];
  topTokens: StatsTopTokenRow[];
  upstreamErrors: StatsUpstreamErrorRow[];
}

/** Every bucket of the window, zero when nothing happened in it; totals are the sum of the buckets. */
function series(window: StatsWindow, rows: StatsBucketRow[]) {
  const byLabel = new Map(rows.map((r) => [r.bucket, r]));
  const totals = { requests: 0, errors: 0, spend: 0, tokens: 0 };
  const buckets = window.labels.map((label) => {
    const row = byLabel.get(label);
    const bucket = {
      start: bucketStart(label, window.unit),
      requests: row?.requests ?? 0,
      errors: row?.errors ?? 0,
      spend: money(row?.spend ?? 0),
      tokens: row?.tokens ?? 0,
    };
    totals.requests += bucket.requests;
    totals.errors += bucket.errors;
    totals.spend += bucket.spend;
    totals.tokens += bucket.tokens;
    return bucket;
  });
  return { buckets, totals: { ...totals, spend: money(totals.spend) } };
}

export function presentStats(window: StatsWindow, rows: StatsRows, time: LocalTime, currency: string) {
  const { buckets, totals } = series(window, rows.buckets);
  return {
    range: window.range,
    unit: window.unit,
    timezone: time.timezone,
    currency,
    from: time.format(window.from),
    to: time.format(window.now),
    totals,
    buckets,
    top_models: rows.topModels.map((m) => ({
      id: `${m.provider}/${m.model}`,
      provider: m.provider,
      model: m.model,
      requests: m.requests,
      tokens: m.tokens,
      spend: money(m.spend),
    })),
    top_tokens: rows.topTokens.map((t) => ({ id: t.id, name: t.name, requests: t.requests, tokens: t.tokens, spend: money(t.spend) })),
    upstream_errors: rows.upstreamErrors.map((e) => ({
      id: e.id,
      ts: time.format(e.ts),
      provider: e.provider,
      model: e.model,
      status_code: e.status_code,
      upstream_status: e.upstream_status,
      error_message: e.error_message,
    })),
  };
}
