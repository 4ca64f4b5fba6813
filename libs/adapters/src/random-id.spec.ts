import { randomBase62Id, randomHex } from './random-id';

describe('random ids from the pool', () => {
  it('randomHex gives twice as many lowercase hex characters as bytes', () => {
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(randomHex(1)).toMatch(/^[0-9a-f]{2}$/);
  });

  it('randomBase62Id gives `length` base62 characters', () => {
    expect(randomBase62Id(48)).toMatch(/^[0-9A-Za-z]{48}$/);
  });

  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 2,000 ids of 16 bytes: eight refills of the 4 KiB pool.
    for (let i = 0; i < 2000; i += 1) seen.add(randomHex(16));
    expect(seen.size).toBe(2000);
  });

  it('uses the whole base62 alphabet', () => {
    const chars = new Set(Array.from({ length: 200 }, () => randomBase62Id(48)).join(''));
    expect(chars.size).toBe(62);
  });
});

describe('randomBase62Id lengths', () => {
  it.each([1, 7, 48, 300, 5000])('gives exactly %i characters', (length) => {
    expect(randomBase62Id(length)).toMatch(new RegExp(`^[0-9A-Za-z]{${length}}$`));
  });
});
