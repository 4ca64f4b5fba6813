import { InMemoryBudgetLedger } from './budget-ledger';

const token = { id: 1, max_amount: 1, amount_spent: 0.2 };

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
    expect(c?.amount).toBeCloseTo(0.3);
    expect(c?.clipped).toBe(true);
    expect(ledger.remaining(token)).toBeCloseTo(0);
    await expect(ledger.reserve(token, 0.1, 'd')).rejects.toMatchObject({ code: 'insufficient_balance', status: 402 });
  });

  it('replaces a hold with the actual cost, then drops it once the database has it', async () => {
    const ledger = new InMemoryBudgetLedger();
    const r = await ledger.reserve(token, 0.5, 'a');
    await ledger.settle(r!, 0.1);
    expect(ledger.remaining(token)).toBeCloseTo(0.7);
    ledger.committed(['a']);
    expect(ledger.remaining(token)).toBeCloseTo(0.8);
  });

  it('holds nothing for unlimited tokens', async () => {
    const ledger = new InMemoryBudgetLedger();
    expect(await ledger.reserve({ id: 2, max_amount: null, amount_spent: 5 }, 1, 'x')).toBeUndefined();
    expect(ledger.remaining({ id: 2, max_amount: null, amount_spent: 5 })).toBeNull();
  });
});
