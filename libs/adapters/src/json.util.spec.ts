import { modelListIds, modelOf, toolInput } from './json.util';

describe('toolInput', () => {
  it('keeps an object, parses a JSON object string, and makes anything else {}', () => {
    expect(toolInput({ a: 1 })).toEqual({ a: 1 });
    expect(toolInput('{"city":"Paris"}')).toEqual({ city: 'Paris' });
    expect(toolInput('{broken')).toEqual({});
    expect(toolInput('[1,2]')).toEqual({});
    expect(toolInput('"text"')).toEqual({});
    expect(toolInput(undefined)).toEqual({});
    expect(toolInput([1])).toEqual({});
  });
});

describe('modelOf', () => {
  it('reads a non-empty model of a JSON object, else null', () => {
    expect(modelOf({ model: 'gpt-4o' })).toBe('gpt-4o');
    expect(modelOf({ model: '' })).toBeNull();
    expect(modelOf({ model: 3 })).toBeNull();
    expect(modelOf(null)).toBeNull();
    expect(modelOf([{ model: 'x' }])).toBeNull();
  });
});

describe('modelListIds', () => {
  it('reads data[].id, skipping items without an id', () => {
    expect(modelListIds({ data: [{ id: 'a' }, { id: '' }, { name: 'b' }, null, { id: 'c' }] })).toEqual(['a', 'c']);
    expect(modelListIds([{ id: 'x' }])).toEqual([]);
    expect(modelListIds({ models: [] })).toEqual([]);
    expect(modelListIds('nope')).toEqual([]);
  });
});
