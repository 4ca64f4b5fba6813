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
