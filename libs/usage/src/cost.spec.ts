import { capCost, computeCost } from './cost';

const usage = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, cached_tokens: 200, reasoning_tokens: 0 };

describe('computeCost', () => {
  it('charges cached prompt tokens at the cached price', () => {
    const price = { prompt_per_million: '2', completion_per_million: '8', cached_prompt_per_million: '0.5', currency: 'USD' };
    // 800 x 2 + 200 x 0.5 + 500 x 8 = 1600 + 100 + 4000 = 5700 per million
    expect(computeCost(usage, price)).toBe('0.0057000000');
  });

  it('falls back to the prompt price for cached tokens without a cached price', () => {
    const price = { prompt_per_million: '2', completion_per_million: '8', cached_prompt_per_million: null, currency: 'USD' };
    expect(computeCost(usage, price)).toBe('0.0060000000');
  });

  it('is null without usage or price', () => {
    expect(computeCost(null, { prompt_per_million: '1', completion_per_million: '1', cached_prompt_per_million: null, currency: 'USD' })).toBeNull();
    expect(computeCost(usage, null)).toBeNull();
  });

  it('adds a per_call amount, and charges it alone when there is no usage (a priced MCP call)', () => {
    const price = { prompt_per_million: '2', completion_per_million: '8', cached_prompt_per_million: '0.5', currency: 'USD', per_call: '0.25' };
    expect(computeCost(usage, price)).toBe('0.2557000000');
    expect(computeCost(null, price)).toBe('0.2500000000');
  });

  it('keeps tiny amounts exact', () => {
    const price = { prompt_per_million: '0.1', completion_per_million: '0.3', cached_prompt_per_million: null, currency: 'USD' };
    const one = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cached_tokens: 0, reasoning_tokens: 0 };
    expect(computeCost(one, price)).toBe('0.0000004000');
  });
});

describe('capCost', () => {
  it('keeps the smaller of cost and cap', () => {
    expect(capCost('0.5000000000', '0.2')).toBe('0.2000000000');
    expect(capCost('0.1000000000', '0.2')).toBe('0.1000000000');
    expect(capCost('0.1000000000', null)).toBe('0.1000000000');
    expect(capCost(null, '0.2')).toBeNull();
  });
});
