import Big from 'big.js';
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

describe('computeCost against big.js', () => {
  /** The computation as it was written with big.js alone (div keeps Big.DP = 20 places). */
  function reference(usage: typeof one, price: { prompt_per_million: string; completion_per_million: string; cached_prompt_per_million: string | null; per_call?: string }): string {
    const cached = Math.min(usage.cached_tokens, usage.prompt_tokens);
    return new Big(usage.prompt_tokens - cached)
      .times(price.prompt_per_million)
      .plus(new Big(cached).times(price.cached_prompt_per_million ?? price.prompt_per_million))
      .plus(new Big(usage.completion_tokens).times(price.completion_per_million))
      .div(1_000_000)
      .plus(new Big(price.per_call ?? 0))
      .toFixed(10);
  }
  const one = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cached_tokens: 0, reasoning_tokens: 0 };
  // A fixed pseudo-random sequence, so a failure repeats.
  let seed = 14;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const decimal = (): string => {
    const whole = String(next(5) === 0 ? next(100000) : next(100));
    const places = next(19);
    if (places === 0) return whole;
    let frac = '';
    for (let i = 0; i < places; i++) frac += String(next(10));
    return `${whole}.${frac}`;
  };

  it('gives the same digits for plain prices of up to 18 places, halves and per_call included', () => {
    for (let i = 0; i < 5000; i++) {
      const prompt = next(3) === 0 ? next(10) : next(2_000_000);
      const usage = { prompt_tokens: prompt, completion_tokens: next(200_000), total_tokens: 0, cached_tokens: next(4) === 0 ? next(prompt + 10) : 0, reasoning_tokens: 0 };
      const price = {
        prompt_per_million: decimal(),
        completion_per_million: decimal(),
        cached_prompt_per_million: next(2) === 0 ? null : decimal(),
        currency: 'USD',
        ...(next(3) === 0 ? { per_call: decimal() } : {}),
      };
      expect(computeCost(usage, price)).toBe(reference(usage, price));
    }
  });

  it('rounds halves up at the 10th place and at the division\'s 20th', () => {
    const price = (p: string) => ({ prompt_per_million: p, completion_per_million: '0', cached_prompt_per_million: null, currency: 'USD' });
    // 1 token x 0.00005 per million = 0.00000000005: a half at the 11th place
    expect(computeCost(one, price('0.00005'))).toBe('0.0000000001');
    expect(computeCost(one, price('0.00004999999999999999'))).toBe(reference(one, price('0.00004999999999999999')));
    expect(computeCost(one, price('0.000049999999999995'))).toBe(reference(one, price('0.000049999999999995')));
  });

  it('reads other number forms as big.js does', () => {
    const price = { prompt_per_million: '1e-3', completion_per_million: '.5', cached_prompt_per_million: null, currency: 'USD' };
    expect(computeCost(usage, price)).toBe(reference(usage, price));
  });
});
