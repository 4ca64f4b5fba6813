import { API_TYPES, genAiSystemOf, getAdapter, isApiType, normalizeBaseUrl } from './registry';

describe('getAdapter', () => {
  it.each(['openai', 'anthropic', 'zhipu'])('returns the %s adapter', (apiType) => {
    expect(getAdapter(apiType).apiType).toBe(apiType);
  });

  it('throws a clear error for an unknown type', () => {
    expect(() => getAdapter('gemini')).toThrow("unknown api_type 'gemini' (expected one of: openai, anthropic, zhipu)");
  });

  it('gives the anthropic adapter the configured completion cap, 4096 by default', () => {
    const call = {
      provider: { name: 'c', api_type: 'anthropic' as const, base_url: 'https://api.anthropic.com', models_endpoint: null },
      upstreamModel: 'claude-sonnet-4',
      body: { messages: [{ role: 'user', content: 'hi' }] },
      stream: false,
      clientHeaders: {},
    };
    const maxTokens = (options?: { defaultMaxTokens?: number }) => (JSON.parse(getAdapter('anthropic', options).buildChatRequest(call, 'k').body) as { max_tokens: number }).max_tokens;
    expect(maxTokens()).toBe(4096);
    expect(maxTokens({ defaultMaxTokens: 2000 })).toBe(2000);
    expect(getAdapter('openai', { defaultMaxTokens: 2000 }).apiType).toBe('openai');
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

describe('API_TYPES', () => {
  it('lists every registry entry once, each with an adapter of that type', () => {
    expect(API_TYPES).toEqual(['openai', 'anthropic', 'zhipu']);
    for (const apiType of API_TYPES) expect(getAdapter(apiType).apiType).toBe(apiType);
    expect(isApiType('gemini')).toBe(false);
    expect(isApiType('toString')).toBe(false);
  });

  it('names the gen_ai.system of each type, and an unknown one as it is', () => {
    expect(API_TYPES.map(genAiSystemOf)).toEqual(['openai', 'anthropic', 'zhipu']);
    expect(genAiSystemOf('gemini')).toBe('gemini');
  });
});
