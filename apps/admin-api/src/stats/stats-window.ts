import type { LocalTime } from '@aigw/config';
import type { StatsUnit } from '@aigw/store';
import type { StatsRange } from '../schemas/stats.schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Label walk step: half an hour, so zones with half-hour offsets and shifts never skip a label. */
const STEP = 30 * MINUTE;

/** The period a range covers and its buckets, in logging.timezone. */
export interface StatsWindow {
  range: StatsRange;
  unit: StatsUnit;
  /** Start of the first bucket. */
  from: Date;
  now: Date;
  /** Bucket labels as the store returns them (`YYYY-MM-DD HH` or `YYYY-MM-DD`), oldest first. */
  labels: string[];
}

const SPEC: Record<StatsRange, { unit: StatsUnit; back: number; width: number; suffix: string }> = {
  // 24 hourly buckets: the current local hour and the 23 before it.
  '24h': { unit: 'hour', back: 23 * HOUR, width: 13, suffix: ':00:00' },
  // 7 daily buckets: today (local) and the 6 days before it.
  '7d': { unit: 'day', back: 6 * DAY, width: 10, suffix: ' 00:00:00' },
};

export function statsWindow(range: StatsRange, time: LocalTime, now = new Date()): StatsWindow {
  const spec = SPEC[range];
  const label = (t: number) => time.format(t).slice(0, spec.width);
  const first = label(now.getTime() - spec.back);
  const from = time.parse(first + spec.suffix) ?? new Date(now.getTime() - spec.back);
  const labels: string[] = [];
  for (let t = from.getTime(); t <= now.getTime(); t += STEP) {
    const l = label(t);
    if (labels[labels.length - 1] !== l) labels.push(l);
  }
  const last = label(now.getTime());
  if (labels[labels.length - 1] !== last) labels.push(last);
  return { range, unit: spec.unit, from, now, labels };
}

/** `YYYY-MM-DD HH:mm:ss` of a bucket's start, the format of every timestamp in the admin API. */
export function bucketStart(label: string, unit: StatsUnit): string {
  return unit === 'hour' ? `${label}:00:00` : `${label} 00:00:00`;
}
