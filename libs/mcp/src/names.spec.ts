import { aggregatedName, isValidToolName, splitAggregatedName } from './names';

describe('MCP tool names', () => {
  it('joins server and tool with __ and splits at the first __ (a server name holds none)', () => {
    expect(aggregatedName('git-hub', 'create__issue')).toBe('git-hub__create__issue');
    expect(splitAggregatedName('git-hub__create__issue')).toEqual({ server: 'git-hub', tool: 'create__issue' });
  });

  it('refuses names beyond the spec limits: over 128 characters, characters outside A-Z a-z 0-9 _ - .', () => {
    expect(aggregatedName('s', 'x'.repeat(125))).toBe(`s__${'x'.repeat(125)}`);
    expect(aggregatedName('s', 'x'.repeat(126))).toBeNull();
    expect(aggregatedName('s', 'has space')).toBeNull();
    expect(aggregatedName('s', 'ü')).toBeNull();
    expect(isValidToolName('a.b-c_d')).toBe(true);
    expect(isValidToolName('')).toBe(false);
  });

  it('does not split names that cannot be server__tool', () => {
    for (const name of ['echo', '__echo', 'alpha__', 'Alpha__echo', 'a_b__c', 'a--b__c']) expect(splitAggregatedName(name)).toBeNull();
  });
});
