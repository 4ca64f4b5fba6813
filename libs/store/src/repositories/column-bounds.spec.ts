import { boundRow, boundValue, REQUEST_LOG_BOUNDS, truncateChars } from './column-bounds';

describe('column bounds', () => {
  it('truncates by characters and never splits a surrogate pair', () => {
    expect(truncateChars('ab\u{1F600}c', 3)).toBe('ab\u{1F600}');
    expect(truncateChars('abc', 3)).toBe('abc');
  });

  it('clamps integers to int32 and counts to zero or more', () => {
    expect(boundValue(2 ** 40, { kind: 'int' })).toBe(2147483647);
    expect(boundValue(-Infinity, { kind: 'int' })).toBe(-2147483648);
    expect(boundValue(Number.NaN, { kind: 'count' })).toBe(0);
    expect(boundValue(-5, { kind: 'count' })).toBe(0);
    expect(boundValue(1.6, { kind: 'count' })).toBe(2);
  });

  it('keeps money within decimal(20, 10) and drops what is not a decimal', () => {
    expect(boundValue('0.0001', { kind: 'decimal' })).toBe('0.0001');
    expect(boundValue('12345678901', { kind: 'decimal' })).toBe('9999999999.9999999999');
    expect(boundValue('1e5', { kind: 'decimal' })).toBeNull();
  });

  it('leaves nulls and columns it does not know alone', () => {
    expect(boundRow({ model: null, request_id: 'x'.repeat(300) }, REQUEST_LOG_BOUNDS)).toEqual({ model: null, request_id: 'x'.repeat(300) });
  });
});
