import { tokenStatus, type TokenStatusFields } from './token-status';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const active: TokenStatusFields = { enabled: true, disabled_reason: null, expires_at: null, max_amount: 10, amount_spent: 1 };

describe('tokenStatus', () => {
  it('is active for an enabled, unexpired token with budget left (or none set)', () => {
    expect(tokenStatus(active, NOW)).toBe('active');
    expect(tokenStatus({ ...active, max_amount: null, amount_spent: 99 }, NOW)).toBe('active');
  });

  it('orders expiry before budget before the switch', () => {
    const all = { ...active, enabled: false, expires_at: new Date(NOW), amount_spent: 10 };
    expect(tokenStatus(all, NOW)).toBe('expired');
    expect(tokenStatus({ ...all, expires_at: new Date(NOW + 1) }, NOW)).toBe('exhausted');
    expect(tokenStatus({ ...all, expires_at: null, amount_spent: 1 }, NOW)).toBe('disabled');
  });

  it('counts a budget within BUDGET_EPSILON, or marked exhausted, as exhausted', () => {
    expect(tokenStatus({ ...active, amount_spent: 9.9999999995 }, NOW)).toBe('exhausted');
    expect(tokenStatus({ ...active, disabled_reason: 'exhausted' }, NOW)).toBe('exhausted');
  });

  it('takes the caller view of what is left when given', () => {
    expect(tokenStatus(active, NOW, true)).toBe('exhausted');
    expect(tokenStatus({ ...active, amount_spent: 10 }, NOW, false)).toBe('active');
  });
});
