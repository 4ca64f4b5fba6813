import { countTextTokens, estimatePromptTokens } from './estimate-tokens';

describe('countTextTokens', () => {
  it('counts with a real tokenizer', () => {
    expect(countTextTokens('hello world')).toBe(2);
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('The quick brown fox jumps over the lazy dog.')).toBeGreaterThanOrEqual(9);
  });

  it('counts special-token text as plain text instead of throwing', () => {
    expect(countTextTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });
});

describe('estimatePromptTokens', () => {
  const one = { model: 'm', messages: [{ role: 'user', content: 'hello world' }] };

  it('adds per-message framing and the reply priming to the text tokens', () => {
    const estimate = estimatePromptTokens(one);
    // 2 text tokens + 1 role token + 3-4 framing + 3 priming
    expect(estimate).toBeGreaterThanOrEqual(9);
    expect(estimate).toBeLessThanOrEqual(12);
  });

  it('counts text parts of content arrays and charges images', () => {
    const parts = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello world' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
    };
    expect(estimatePromptTokens(parts)).toBeGreaterThan(estimatePromptTokens(one) + 50);
  });

  it('counts tool definitions and tool call arguments', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    expect(estimatePromptTokens({ ...one, tools })).toBeGreaterThan(estimatePromptTokens(one) + 15);
    const withCall = {
      messages: [
        ...one.messages,
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris, the capital of France"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
    };
    expect(estimatePromptTokens(withCall)).toBeGreaterThan(estimatePromptTokens(one) + 20);
  });

  it('grows with the prompt and stays quick on a long one', () => {
    const long = { messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(4000) }] };
    const started = Date.now();
    const estimate = estimatePromptTokens(long);
    expect(estimate).toBeGreaterThan(16000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('returns the priming alone for a body without messages', () => {
    expect(estimatePromptTokens({})).toBe(3);
    expect(estimatePromptTokens(null)).toBe(0);
  });
});
