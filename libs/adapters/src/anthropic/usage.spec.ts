import { anthropicUsage } from './usage';

describe('anthropicUsage', () => {
  it('sums input, cache read and cache creation into prompt_tokens', () => {
    expect(anthropicUsage({ input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 2, output_tokens: 7 })).toEqual({
      prompt_tokens: 107,
      completion_tokens: 7,
      total_tokens: 114,
      cached_tokens: 100,
      reasoning_tokens: 0,
    });
  });

  it('reports garbage for the proxy to distrust: a negative part makes the prompt NaN, not a smaller prompt', () => {
    expect(anthropicUsage({ input_tokens: -5, cache_read_input_tokens: 100, output_tokens: 7 })?.prompt_tokens).toBeNaN();
    expect(anthropicUsage({ input_tokens: 'abc', output_tokens: 7 })?.prompt_tokens).toBeNaN();
    expect(anthropicUsage({ input_tokens: 3, output_tokens: 1.5 })?.completion_tokens).toBe(1.5);
  });
});
