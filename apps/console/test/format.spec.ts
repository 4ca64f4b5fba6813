import { formatAxisMoney, formatCompact, formatCount, formatMoney as format, shortKey, spentFraction } from '../src/lib/format';

// Intl keeps the code and the amount together with a no-break space; compare with plain spaces.
const formatMoney = (...args: Parameters<typeof format>) => format(...args).replace(/\u00a0/g, ' ');

describe('formatMoney', () => {
  it('keeps the digits of small amounts and at least two decimals', () => {
    expect(formatMoney(0.045, 'USD', 'en')).toBe('USD 0.045');
    expect(formatMoney(0.000125, 'USD', 'en')).toBe('USD 0.000125');
    expect(formatMoney(12.5, 'USD', 'en')).toBe('USD 12.50');
    expect(formatMoney(1234567.891, 'USD', 'en')).toBe('USD 1,234,567.891');
    expect(formatMoney(0, 'CNY', 'en')).toBe('CNY 0.00');
  });

  it('cuts float noise at six decimals', () => {
    expect(formatMoney(0.1 + 0.2, 'USD', 'en')).toBe('USD 0.30');
  });

  it('writes Chinese grouping and the code in zh', () => {
    expect(formatMoney(1234.5, 'CNY', 'zh')).toMatch(/^CNY\s?1,234\.50$/);
  });

  it('writes a currency that is not an ISO code after the number', () => {
    expect(formatMoney(3, 'POINTS', 'en')).toBe('3.00 POINTS');
  });

  it('shows a dash for a missing amount', () => {
    expect(formatMoney(null, 'USD', 'en')).toBe('-');
    expect(formatMoney(undefined, 'USD', 'en')).toBe('-');
    expect(formatMoney(Number.NaN, 'USD', 'en')).toBe('-');
  });
});

describe('counts', () => {
  it('groups thousands and compacts axis ticks', () => {
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCount(null, 'en')).toBe('-');
    expect(formatCompact(1500, 'en')).toBe('1.5K');
    expect(formatCompact(25000, 'zh')).toBe('2.5万');
  });
});

describe('spentFraction', () => {
  it('is spent over budget, capped to 0..1, and null without a budget', () => {
    expect(spentFraction(0.045, 1)).toBeCloseTo(0.045);
    expect(spentFraction(2, 1)).toBe(1);
    expect(spentFraction(0, 0)).toBe(1);
    expect(spentFraction(5, null)).toBeNull();
  });
});

describe('shortKey', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(shortKey('sk-abcdefghijklmnopqrstuvwxyz')).toBe('sk-abc...wxyz');
    expect(shortKey('admin_token')).toBe('admin_token');
  });
});

describe('formatAxisMoney', () => {
  it('keeps small sums readable instead of rounding them to 0', () => {
    expect(formatAxisMoney(0.00042, 'en')).toBe('0.00042');
    expect(formatAxisMoney(0.0123456, 'en')).toBe('0.0123');
    expect(formatAxisMoney(0, 'en')).toBe('0');
    expect(formatAxisMoney(2.5, 'zh')).toBe('2.5');
    expect(formatAxisMoney(1500, 'en')).toBe('1.5K');
  });
});
