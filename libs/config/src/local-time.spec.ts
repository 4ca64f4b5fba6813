import { LocalTime } from './local-time';

// 2024-12-31 20:15:30.045 UTC is already 2025-01-01 in Shanghai (UTC+8): a wrong zone shows a wrong day.
const INSTANT = Date.UTC(2024, 11, 31, 20, 15, 30, 45);

describe('LocalTime in Asia/Shanghai', () => {
  const time = new LocalTime('Asia/Shanghai');

  it('format renders the wall clock in the zone, to the second', () => {
    expect(time.format(INSTANT)).toBe('2025-01-01 04:15:30');
    expect(time.format(new Date(INSTANT))).toBe('2025-01-01 04:15:30');
  });

  it('formatMillis adds milliseconds', () => {
    expect(time.formatMillis(INSTANT)).toBe('2025-01-01 04:15:30.045');
  });

  it('formatStored adds the offset, and the text reads back as the same instant', () => {
    const stored = time.formatStored(INSTANT);
    expect(stored).toBe('2025-01-01 04:15:30.045+08:00');
    expect(Date.parse(stored.replace(' ', 'T'))).toBe(INSTANT);
  });

  it('renders midnight as 00, not 24', () => {
    expect(time.format(Date.UTC(2024, 5, 1, 16, 0, 0))).toBe('2024-06-02 00:00:00');
  });

  it('parses YYYY-MM-DD HH:mm:ss as wall-clock time in the zone', () => {
    expect(time.parse('2025-01-01 04:15:30')?.getTime()).toBe(Date.UTC(2024, 11, 31, 20, 15, 30));
  });

  it('parses a bare date as midnight in the zone', () => {
    expect(time.parse('2025-01-01')?.getTime()).toBe(Date.UTC(2024, 11, 31, 16, 0, 0));
  });

  it('parses ISO text with an offset as that exact instant, whatever the zone', () => {
    expect(time.parse('2024-06-01T12:00:00+02:00')?.getTime()).toBe(Date.UTC(2024, 5, 1, 10, 0, 0));
    expect(time.parse('2024-06-01T12:00:00Z')?.getTime()).toBe(Date.UTC(2024, 5, 1, 12, 0, 0));
  });

  it('reads back what formatStored wrote', () => {
    expect(time.parse(time.formatStored(INSTANT))?.getTime()).toBe(INSTANT);
  });

  it('ignores surrounding whitespace', () => {
    expect(time.parse('  2025-01-01 04:15:30 ')?.getTime()).toBe(Date.UTC(2024, 11, 31, 20, 15, 30));
  });

  it.each(['yesterday', '', '2024-13-01 00:00:00', '2024-02-30', '2024-01-01 25:00:00', 'not 2024-01-01'])('gives undefined for %p', (text) => {
    expect(time.parse(text)).toBeUndefined();
  });
});

describe('LocalTime in UTC', () => {
  const time = new LocalTime('UTC');

  it('format, formatMillis and formatStored show UTC wall time with +00:00', () => {
    expect(time.format(INSTANT)).toBe('2024-12-31 20:15:30');
    expect(time.formatMillis(INSTANT)).toBe('2024-12-31 20:15:30.045');
    expect(time.formatStored(INSTANT)).toBe('2024-12-31 20:15:30.045+00:00');
  });

  it('parses YYYY-MM-DD HH:mm:ss as UTC', () => {
    expect(time.parse('2024-12-31 20:15:30')?.getTime()).toBe(Date.UTC(2024, 11, 31, 20, 15, 30));
  });

  it('parses ISO text with an offset as that exact instant', () => {
    expect(time.parse('2025-01-01T04:15:30.045+08:00')?.getTime()).toBe(INSTANT);
  });
});

describe('LocalTime with a zone that is not whole hours', () => {
  it('formatStored shows the half-hour offset of Asia/Kolkata', () => {
    expect(new LocalTime('Asia/Kolkata').formatStored(INSTANT)).toBe('2025-01-01 01:45:30.045+05:30');
  });
});

it('rejects an unknown zone at construction', () => {
  expect(() => new LocalTime('Mars/Base')).toThrow(RangeError);
});
