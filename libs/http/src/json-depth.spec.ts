import { nestsDeeperThan } from './json-depth';

const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('nestsDeeperThan', () => {
  it('counts the top-level value as one level', () => {
    expect(nestsDeeperThan('{}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":[1]}', 1)).toBe(true);
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ s: '[[[[[[' }), 2)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ s: 'a"[[[[\\' }), 1)).toBe(false);
    expect(nestsDeeperThan(`{"s":"\\\\"${',"t":[[[1]]]'}}`, 3)).toBe(true);
  });
});
