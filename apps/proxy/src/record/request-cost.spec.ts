import { capCost, computeCost, type PriceSnapshot, type Usage } from '@aigw/usage';
import { requestCost } from './request-cost';

const usage: Usage = { prompt_tokens: 1200, completion_tokens: 345, total_tokens: 1545, cached_tokens: 200, reasoning_tokens: 0 };
const price: PriceSnapshot = { prompt_per_million: '1.5', completion_per_million: '6', cached_prompt_per_million: '0.5', currency: 'USD' };
const dearer: PriceSnapshot = { ...price, completion_per_million: '60' };

describe('requestCost', () => {
  it('is capCost(computeCost()) for the same usage, price and cap, asked again or not', () => {
    const expected = capCost(computeCost(usage, price), null);
    expect(requestCost(usage, price, null)).toBe(expected);
    expect(requestCost(usage, price, null)).toBe(expected);
  });

  it('is computed anew for another price or cap, and without usage', () => {
    expect(requestCost(usage, price, null)).toBe(capCost(computeCost(usage, price), null));
    expect(requestCost(usage, dearer, null)).toBe(capCost(computeCost(usage, dearer), null));
    expect(requestCost(usage, dearer, '0.001')).toBe('0.0010000000');
    expect(requestCost(usage, null, null)).toBeNull();
    expect(requestCost(null, { ...price, per_call: '0.02' }, null)).toBe(capCost(computeCost(null, { ...price, per_call: '0.02' }), null));
  });
});
