import { getAdapter, normalizeBaseUrl } from './registry';

describe('getAdapter', () => {
  it('returns the openai adapter', () => {
    expect(getAdapter('openai').apiType).toBe('openai');
  });

  it('throws a clear error for types without an adapter', () => {
    expect(() => getAdapter('anthropic')).toThrow("api_type 'anthropic' has no adapter yet");
    expect(() => getAdapter('gemini')).toThrow("unknown api_type 'gemini'");
  });
});

describe('normalizeBaseUrl', () => {
  it('appends /v1 to an openai base URL without a path and says so', () => {
    const result = normalizeBaseUrl('openai', 'https://api.example.com/');
    expect(result.url).toBe('https://api.example.com/v1');
    expect(result.note).toContain('/v1');
  });

  it('keeps an openai base URL that has a path, minus trailing slashes', () => {
    expect(normalizeBaseUrl('openai', 'https://api.deepseek.com/v1/')).toEqual({ url: 'https://api.deepseek.com/v1' });
    expect(normalizeBaseUrl('openai', 'https://relay.example.com/api/openai')).toEqual({ url: 'https://relay.example.com/api/openai' });
  });

  it('does not add /v1 for other types', () => {
    expect(normalizeBaseUrl('anthropic', 'https://api.anthropic.com')).toEqual({ url: 'https://api.anthropic.com' });
    expect(normalizeBaseUrl('zhipu', 'https://open.bigmodel.cn/')).toEqual({ url: 'https://open.bigmodel.cn' });
  });
});
