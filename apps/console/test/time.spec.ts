import { apiTimeToInput, bucketLabel, formatApiTime, inputToApiTime } from '../src/lib/time';

describe('local time between the API and datetime-local inputs', () => {
  it('turns an input value into the API format, read by the API in logging.timezone', () => {
    expect(inputToApiTime('2030-01-01T08:30')).toBe('2030-01-01 08:30:00');
    expect(inputToApiTime('2030-01-01T08:30:15')).toBe('2030-01-01 08:30:15');
    expect(inputToApiTime('2030-01-01T08:30:15.250')).toBe('2030-01-01 08:30:15');
    expect(inputToApiTime('  ')).toBeNull();
  });

  it('reads typed 24-hour text: YYYY-MM-DD HH:mm, with seconds, or a date alone', () => {
    expect(inputToApiTime('2030-01-01 13:05')).toBe('2030-01-01 13:05:00');
    expect(inputToApiTime(' 2030-01-01 23:59:30 ')).toBe('2030-01-01 23:59:30');
    expect(inputToApiTime('2030-01-01')).toBe('2030-01-01 00:00:00');
    expect(inputToApiTime('2030-01-01 1:05 PM')).toBe('2030-01-01 1:05 PM');
  });

  it('passes text it does not understand through, for the API to explain', () => {
    expect(inputToApiTime('tomorrow')).toBe('tomorrow');
  });

  it('turns an API timestamp into an input value and back without shifting it', () => {
    expect(apiTimeToInput('2030-12-31 23:59:59')).toBe('2030-12-31T23:59:59');
    expect(inputToApiTime(apiTimeToInput('2030-12-31 23:59:59'))).toBe('2030-12-31 23:59:59');
    expect(apiTimeToInput(null)).toBe('');
    expect(apiTimeToInput('garbage')).toBe('');
  });

  it('labels chart buckets by hour or day', () => {
    expect(bucketLabel('2030-01-31 14:00:00', 'hour')).toBe('14:00');
    expect(bucketLabel('2030-01-31 00:00:00', 'day')).toBe('01-31');
    expect(bucketLabel('odd', 'day')).toBe('odd');
  });

  it('shows missing times as a dash', () => {
    expect(formatApiTime(null)).toBe('-');
    expect(formatApiTime('2030-01-01 00:00:00')).toBe('2030-01-01 00:00:00');
  });
});
