import Big from 'big.js';
import { exactOf } from '@aigw/usage';
import { InMemoryBudgetLedger, isUsedUp, remainingOf } from './budget-ledger';

const token = { id: 1, max_amount: 1, amount_spent: 0.2 };
const report = (...ids: string[]) => ({ request_ids: ids, token_ids: [1] });

describe('InMemoryBudgetLedger', () => {
  it('holds min(estimate, remaining) and refuses when nothing remains', async () => {
    const ledger = new InMemoryBudgetLedger();
    const a = await ledger.reserve(token, 0.5, 'a');
    expect(a?.amount).toBe(0.5);
    // 0.3 left, 0.5 wanted, another request in flight: refused
    await expect(ledger.reserve(token, 0.5, 'b')).rejects.toMatchObject({ code: 'insufficient_balance', status: 402 });
    await ledger.settle(a!, 0.5);
    // alone now: holds all that is left, and says its charge must be capped
    const c = await ledger.reserve(token, 0.5, 'c');
    expect(c?.amount).toBe(0.3);
    expect(c?.clipped).toBe(true);
    expect(ledger.remaining(token)).toBe(0);
    await expect(ledger.reserve(token, 0.1, 'd')).rejects.toMatchObject({ code: 'insufficient_balance', status: 402 });
  });

  it('replaces a hold with the actual cost, then drops it once the database has it', async () => {
    const ledger = new InMemoryBudgetLedger();
    const r = await ledger.reserve(token, 0.5, 'a');
    await ledger.settle(r!, 0.1);
    expect(ledger.remaining(token)).toBe(0.7);
    ledger.committed(report('a'));
    expect(ledger.remaining(token)).toBe(0.8);
  });

  it('holds nothing for unlimited tokens', async () => {
    const ledger = new InMemoryBudgetLedger();
    expect(await ledger.reserve({ id: 2, max_amount: null, amount_spent: 5 }, 1, 'x')).toBeUndefined();
    expect(ledger.remaining({ id: 2, max_amount: null, amount_spent: 5 })).toBeNull();
  });

  it('computes remaining in decimals: no float noise, and the last unit left counts as used up', async () => {
    const ledger = new InMemoryBudgetLedger();
    // 0.3 - 0.1 - 0.1 in floats is 0.09999999999999998
    const t = { id: 3, max_amount: 0.3, amount_spent: 0.1 };
    await ledger.settle((await ledger.reserve(t, 0.1, 'a'))!, 0.1);
    expect(ledger.remaining(t)).toBe(0.1);
    // 1 - 0.999999999 is 1.00000008e-9 in floats, above the epsilon: one more request would be
    // served for a charge of nothing; in decimals it is exactly the epsilon, so used up.
    const edge = { id: 4, max_amount: 1, amount_spent: 0.999999999 };
    expect(ledger.remaining(edge)).toBe(1e-9);
    await expect(ledger.reserve(edge, 0.5, 'e')).rejects.toMatchObject({ status: 402 });
    expect(isUsedUp(1e-9)).toBe(true);
    expect(isUsedUp(2e-9)).toBe(false);
  });

  it('reads a token\'s amounts again once they change (the same token object, updated by a usage notice)', async () => {
    const ledger = new InMemoryBudgetLedger();
    const t = { id: 5, max_amount: 1, amount_spent: 0.2 };
    expect(ledger.remaining(t)).toBe(0.8);
    t.amount_spent = 0.7;
    expect(ledger.remaining(t)).toBe(0.3);
    t.max_amount = 2;
    expect(remainingOf(t)).toBe(1.3);
    expect(remainingOf(t, exactOf(0.1))).toBe(1.2);
  });

  it('compares numbers as their decimals: the number comparisons agree with big.js', () => {
    const values = [0, -0, 1e-9, 1.0000000000000002e-9, 9.999999999999999e-10, 2e-9, 0.1, 0.30000000000000004, 0.3, 1, -1e-9];
    for (const v of values) expect(isUsedUp(v)).toBe(new Big(v).lte('0.000000001'));
    expect(() => isUsedUp(Number.NaN)).toThrow();
  });
});
