import { LocalTime } from '@aigw/config';
import { statsWindow } from '../src/stats/stats-window';

describe('statsWindow', () => {
  const shanghai = new LocalTime('Asia/Shanghai');

  it('covers the current local hour and the 23 before it', () => {
    const now = new Date('2030-01-01T05:42:10Z'); // 13:42 in Shanghai
    const w = statsWindow('24h', shanghai, now);
    expect(w.unit).toBe('hour');
    expect(w.labels).toHaveLength(24);
    expect(w.labels[0]).toBe('2029-12-31 14');
    expect(w.labels[23]).toBe('2030-01-01 13');
    expect(shanghai.format(w.from)).toBe('2029-12-31 14:00:00');
  });

  it('covers today and the 6 days before it, from local midnight', () => {
    const w = statsWindow('7d', shanghai, new Date('2030-01-01T17:00:00Z')); // Jan 2, 01:00 local
    expect(w.labels).toEqual(['2029-12-27', '2029-12-28', '2029-12-29', '2029-12-30', '2029-12-31', '2030-01-01', '2030-01-02']);
    expect(shanghai.format(w.from)).toBe('2029-12-27 00:00:00');
  });

  it('starts hours on the local hour in a half-hour zone', () => {
    const kolkata = new LocalTime('Asia/Kolkata');
    const w = statsWindow('24h', kolkata, new Date('2030-01-01T05:10:00Z')); // 10:40 local
    expect(kolkata.format(w.from)).toBe('2029-12-31 11:00:00');
    expect(w.labels).toHaveLength(24);
  });

  it('names each local hour once across daylight saving changes', () => {
    const ny = new LocalTime('America/New_York');
    // Clocks go back at 02:00 EDT on 2030-11-03: the local hour 01 happens twice.
    const back = statsWindow('24h', ny, new Date('2030-11-03T15:30:00Z'));
    expect(new Set(back.labels).size).toBe(back.labels.length);
    expect(back.labels).toHaveLength(23);
    // Clocks go forward at 02:00 EST on 2030-03-10: the local hour 02 never happens.
    const forward = statsWindow('24h', ny, new Date('2030-03-10T15:30:00Z'));
    expect(forward.labels).not.toContain('2030-03-10 02');
    expect(forward.labels).toHaveLength(24);
  });
});
