/**
 * The API speaks local time of the gateway's logging.timezone: `YYYY-MM-DD HH:mm:ss` out, and the
 * same format in (read in that zone). These helpers convert between that text and the value of an
 * <input type="datetime-local">, and label chart buckets. They never shift zones: the console shows
 * the gateway's local time, and says which zone that is.
 */

const API_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const INPUT_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `2030-01-01 08:30` (typed, 24-hour) or `2030-01-01T08:30` (a datetime-local value) to
 * `2030-01-01 08:30:00`; a date alone is its midnight; empty to null.
 */
export function inputToApiTime(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  if (DATE_ONLY.test(text)) return `${text} 00:00:00`;
  const m = INPUT_TIME.exec(text);
  if (!m) return text; // Let the API say what is wrong with it.
  return `${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}`;
}

/** `2030-01-01 08:30:00` to `2030-01-01T08:30:00` for a datetime-local input; null to ''. */
export function apiTimeToInput(value: string | null | undefined): string {
  if (!value) return '';
  const m = API_TIME.exec(value.trim());
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}` : '';
}

/** A bucket's axis label: `14:00` for an hour, `01-31` for a day. */
export function bucketLabel(start: string, unit: 'hour' | 'day'): string {
  const m = API_TIME.exec(start);
  if (!m || !m[1]) return start;
  return unit === 'hour' ? `${m[2]}:00` : m[1].slice(5);
}

/** A timestamp from the API for display; missing values show as '-'. */
export function formatApiTime(value: string | null | undefined): string {
  return value ? value : '-';
}
