import { LocalTime } from '@aigw/config';
import { TimeColumns } from './time-columns';

describe('TimeColumns', () => {
  const sqlite = new TimeColumns('sqlite', new LocalTime('Asia/Shanghai'));
  const pg = new TimeColumns('pg', new LocalTime('Asia/Shanghai'));
  const instant = new Date('2026-11-26T06:32:22.360Z');

  it('writes SQLite text in local time with the offset and reads it back as the same instant', () => {
    expect(sqlite.toDb(instant)).toBe('2026-11-26 14:32:22.360+08:00');
    expect(sqlite.fromDb('2026-11-26 14:32:22.360+08:00').toISOString()).toBe(instant.toISOString());
  });

  it('passes Dates through for PostgreSQL', () => {
    expect(pg.toDb(instant)).toBe(instant);
    expect(pg.fromDb(instant)).toBe(instant);
  });

  it('keeps null, and rejects values that are no timestamp', () => {
    expect(sqlite.fromDbNullable(null)).toBeNull();
    expect(sqlite.toDbNullable(undefined)).toBeNull();
    expect(() => sqlite.fromDb('yesterday')).toThrow(TypeError);
    expect(() => sqlite.toDb(new Date('nope'))).toThrow(RangeError);
  });
});
