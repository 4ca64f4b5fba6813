import { generateTokenKey, sha256Hex, keyHint, randomBase62 } from './keys.util';

describe('generateTokenKey', () => {
  it('is sk- plus 48 base62 characters', () => {
    for (let i = 0; i < 200; i++) expect(generateTokenKey()).toMatch(/^sk-[0-9A-Za-z]{48}$/);
  });

  it('never repeats', () => {
    const keys = new Set(Array.from({ length: 10_000 }, () => generateTokenKey()));
    expect(keys.size).toBe(10_000);
  });

  it('uses every base62 character about equally (no modulo bias towards the first ones)', () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62 * 2000);
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 2000 each; a modulo-256 bias would give the first 8 characters about 2420.
    for (const n of counts.values()) expect(n).toBeLessThan(2250);
  });
});

describe('keyHint', () => {
  it('shows the first and last 4 characters of a normal key', () => {
    expect(keyHint('sk-proj-abcdefghijklmnop1234')).toBe('sk-p...1234');
    expect(keyHint('0123456789abcdef')).toBe('0123...cdef');
  });

  it('shows less of a short key and nothing of a tiny one', () => {
    expect(keyHint('abcdefghijkl')).toBe('abc...jkl');
    expect(keyHint('abcdefgh')).toBe('ab...gh');
    expect(keyHint('abcd')).toBe('a...d');
    expect(keyHint('abc')).toBe('***');
    expect(keyHint('')).toBe('***');
  });
});

describe('sha256Hex', () => {
  it('is the sha256 hex of the key', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
