import type * as Luxon from 'luxon';

/** luxon, required on first parse: only admin input is parsed, and the proxy never needs it. */
function luxon(): typeof Luxon {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('luxon') as typeof Luxon;
}

/**
 * Human-facing time in one zone (`logging.timezone`): every timestamp a person reads is rendered
 * here, and local wall-clock input is parsed here.
 */
export class LocalTime {
  private readonly parts: Intl.DateTimeFormat;
  /** The last second formatted and its fields: under load most timestamps fall in the same second. */
  private lastSecond = NaN;
  private lastFields = { wall: '', offset: '' };

  constructor(readonly timezone: string) {
    this.parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
  }

  private fields(date: Date): { wall: string; offset: string } {
    const second = Math.floor(date.getTime() / 1000);
    if (second !== this.lastSecond) {
      this.lastFields = this.computeFields(date);
      this.lastSecond = second;
    }
    return this.lastFields;
  }

  private computeFields(date: Date): { wall: string; offset: string } {
    const p: Record<string, string> = {};
    for (const part of this.parts.formatToParts(date)) p[part.type] = part.value;
    const offsetName = p.timeZoneName ?? 'GMT';
    const offset = offsetName === 'GMT' ? '+00:00' : offsetName.slice(3);
    return { wall: `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`, offset };
  }

  /** `YYYY-MM-DD HH:mm:ss` (JSON responses). */
  format(date: Date | number): string {
    return this.fields(new Date(date)).wall;
  }

  /** `YYYY-MM-DD HH:mm:ss.SSS` (log lines). */
  formatMillis(date: Date | number): string {
    const d = new Date(date);
    return `${this.fields(d).wall}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  }

  /** `YYYY-MM-DD HH:mm:ss.SSS+08:00`: local time that stays an exact instant (SQLite storage). */
  formatStored(date: Date | number): string {
    const d = new Date(date);
    const { wall, offset } = this.fields(d);
    return `${wall}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${offset}`;
  }

  /**
   * ISO 8601 with or without an offset, or `YYYY-MM-DD HH:mm:ss` / `YYYY-MM-DD` read in this zone.
   * Returns undefined when the text is none of these.
   */
  parse(text: string): Date | undefined {
    const s = text.trim();
    const { DateTime } = luxon();
    const local = DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm:ss', { zone: this.timezone });
    if (local.isValid) return local.toJSDate();
    const iso = DateTime.fromISO(s.replace(' ', 'T'), { zone: this.timezone, setZone: true });
    return iso.isValid ? iso.toJSDate() : undefined;
  }
}
