import { InProcessChangeBus } from '@aigw/events';
import { createStore, type Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import { InMemoryBudgetLedger } from '../src/budget/budget-ledger';
import { StateHolder } from '../src/state/state-holder';

describe('StateHolder with a row the store cannot read', () => {
  let store: Store;
  let bus: InProcessChangeBus;
  beforeEach(async () => {
    store = await createStore({ url: 'sqlite::memory:', timezone: 'UTC' });
    bus = new InProcessChangeBus();
  });
  afterEach(async () => {
    await store.close();
    await bus.close();
  });

  it('loads everything else and logs each skipped row at error level', async () => {
    const good = await store.tokens.create({ key: 'sk-good', name: 'good' });
    const bad = await store.tokens.create({ key: 'sk-bad', name: 'bad' });
    const provider = await store.providers.create({ name: 'up', api_type: 'openai', base_url: 'http://127.0.0.1:9/v1' });
    const [key] = await store.keys.add(provider.id, ['sk-upstream-secret']);
    await store.knex('tokens').where('id', bad.id).update({ expires_at: 'not a time' });
    await store.knex('provider_keys').where('id', key!.id).update({ key_ciphertext: 'v1:garbage' });

    const error = jest.fn();
    const logger = { error, warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;
    const holder = new StateHolder({ store, bus, logger, ledger: new InMemoryBudgetLedger(), reloadIntervalMs: 0 });
    await holder.start();
    holder.stop();

    expect(holder.current.token('sk-good')?.id).toBe(good.id);
    expect(holder.current.token('sk-bad')).toBeUndefined();
    expect(holder.current.providers.get('up')?.keys).toEqual([]);
    const skipped = error.mock.calls.map(([obj]) => `${(obj as { table: string }).table}:${(obj as { id: number }).id}`).sort();
    expect(skipped).toEqual([`provider_keys:${key!.id}`, `tokens:${bad.id}`]);
    expect(JSON.stringify(error.mock.calls)).not.toContain('sk-upstream-secret');
  });
});

describe('StateHolder and token-usage notices around an operator change', () => {
  let store: Store;
  let bus: InProcessChangeBus;
  let holder: StateHolder;
  const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;
  const tick = () => new Promise((r) => setTimeout(r, 5));
  beforeEach(async () => {
    store = await createStore({ url: 'sqlite::memory:', timezone: 'UTC' });
    bus = new InProcessChangeBus();
    holder = new StateHolder({ store, bus, logger, ledger: new InMemoryBudgetLedger(), reloadIntervalMs: 0 });
  });
  afterEach(async () => {
    holder.stop();
    await store.close();
    await bus.close();
  });

  /** A token that reached its budget, and the notice the log-writer built from that row. */
  async function exhaustedToken() {
    const created = await store.tokens.create({ key: 'sk-budget', name: 'budget', max_amount: 1 });
    await store.knex('tokens').where('id', created.id).update({ amount_spent: '1.0000000000', enabled: false, disabled_reason: 'exhausted' });
    const row = (await store.tokens.get(created.id))!;
    const notice = { id: row.id, amount_spent: row.amount_spent, enabled: row.enabled, disabled_reason: row.disabled_reason, updated_at: row.updated_at.getTime() };
    return { id: row.id, notice };
  }

  it('ignores a notice read before a reset but heard after the reload: the token is served at once', async () => {
    const { id, notice } = await exhaustedToken();
    await holder.start();
    await tick();
    await store.tokens.setSpent(id, 0);
    await holder.reload();
    expect(holder.current.tokenById(id)).toMatchObject({ amount_spent: 0, enabled: true, disabled_reason: null });
    await bus.publish({ type: 'token-usage', tokens: [notice], request_ids: ['late'] });
    expect(holder.current.tokenById(id)).toMatchObject({ amount_spent: 0, enabled: true, disabled_reason: null });
  });

  it('ignores a notice read before a top-up, and applies one read after it', async () => {
    const { id, notice } = await exhaustedToken();
    await holder.start();
    await tick();
    await store.tokens.update(id, { max_amount: 5, enabled: true, disabled_reason: null });
    await holder.reload();
    await bus.publish({ type: 'token-usage', tokens: [notice], request_ids: ['late'] });
    expect(holder.current.tokenById(id)).toMatchObject({ max_amount: 5, amount_spent: 1, enabled: true, disabled_reason: null });
    const current = (await store.tokens.get(id))!;
    await bus.publish({
      type: 'token-usage',
      tokens: [{ id, amount_spent: 1.5, enabled: true, disabled_reason: null, updated_at: current.updated_at.getTime() }],
      request_ids: ['now'],
    });
    expect(holder.current.tokenById(id)).toMatchObject({ amount_spent: 1.5, enabled: true });
  });
});
