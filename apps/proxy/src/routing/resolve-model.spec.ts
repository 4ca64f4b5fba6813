import { GatewayError } from '@aigw/shared-errors';
import { stateOf } from '../../test/test-state';
import { isModelAllowed, resolveModel } from './resolve-model';

const state = stateOf({
  providers: [
    { name: 'zeta', models: ['gpt-4o'] },
    { name: 'alpha', models: ['gpt-4o', 'deepseek/deepseek-r1'] },
    { name: 'deepseek', models: [] },
  ],
  aliases: {
    fast: 'zeta/gpt-4o',
    broken: 'nowhere/x',
    spread: [
      { model: 'nowhere/x', priority: 9, weight: 1 },
      { model: 'alpha/gpt-4o', priority: 1, weight: 1 },
      { model: 'zeta/gpt-4o', priority: 5, weight: 1 },
    ],
  },
});

describe('resolveModel', () => {
  it('resolves an alias to its target', () => {
    const r = resolveModel('fast', state);
    expect([r.entry.provider.name, r.upstreamModel, r.alias]).toEqual(['zeta', 'gpt-4o', 'fast']);
  });

  it('routes an alias with targets to its highest available priority, the others as fallbacks in order', () => {
    const r = resolveModel('spread', state, () => 0);
    expect([r.entry.provider.name, r.upstreamModel, r.alias]).toEqual(['zeta', 'gpt-4o', 'spread']);
    expect(r.fallbacks.map((f) => [f.canonical, f.alias])).toEqual([['alpha/gpt-4o', 'spread']]);
    expect(resolveModel('fast', state).fallbacks).toEqual([]);
  });

  it('takes a provider prefix and keeps slashes in the rest', () => {
    const r = resolveModel('alpha/deepseek/deepseek-r1', state);
    expect([r.entry.provider.name, r.upstreamModel]).toEqual(['alpha', 'deepseek/deepseek-r1']);
  });

  it('sends a provider prefix through even when the model is not in the catalog', () => {
    const r = resolveModel('deepseek/deepseek-chat', state);
    expect([r.entry.provider.name, r.upstreamModel]).toEqual(['deepseek', 'deepseek-chat']);
  });

  it('finds a bare id in the catalog, ties to the provider first by name', () => {
    const r = resolveModel('gpt-4o', state);
    expect([r.entry.provider.name, r.canonical]).toEqual(['alpha', 'alpha/gpt-4o']);
  });

  it('answers model_not_found naming an unknown prefix', () => {
    expect(() => resolveModel('nope/gpt-4o', state)).toThrow(GatewayError);
    expect(() => resolveModel('nope/gpt-4o', state)).toThrow(/"nope" is not a provider/);
    expect(() => resolveModel('missing', state)).toThrow(/model "missing" not found/);
    expect(() => resolveModel('broken', state)).toThrow(/alias "broken"/);
  });
});

describe('isModelAllowed', () => {
  const route = resolveModel('fast', state);
  it('accepts the alias, the canonical name or the bare id', () => {
    expect(isModelAllowed(null, 'fast', route)).toBe(true);
    expect(isModelAllowed(['fast'], 'fast', route)).toBe(true);
    expect(isModelAllowed(['zeta/gpt-4o'], 'fast', route)).toBe(true);
    expect(isModelAllowed(['gpt-4o'], 'fast', route)).toBe(true);
    expect(isModelAllowed(['alpha/gpt-4o'], 'fast', route)).toBe(false);
  });
});
