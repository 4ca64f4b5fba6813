import { generateTokenKey, type Dialect, type Store, type UnreadableRow } from '../src';
import { DIALECTS, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_unreadable');
afterAll(() => harness.cleanup());

/** A timestamp value the column accepts but the store cannot turn into an instant. */
function badTimestamp(dialect: Dialect): string {
  return dialect === 'sqlite' ? '10000-01-01 08:00:00.000+08:00' : 'infinity';
}

describe.each(DIALECTS)('unreadable rows on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await harness.open(dialect);
  });

  it('skips and reports an unreadable provider, key, model and price; everything else loads', async () => {
    const good = await store.providers.create({ name: 'good', api_type: 'openai', base_url: 'http://127.0.0.1:9/v1' });
    const bad = await store.providers.create({ name: 'bad', api_type: 'openai', base_url: 'http://127.0.0.1:9/v1' });
    const keys = await store.keys.add(good.id, ['sk-good-one', 'sk-good-two']);
    await store.models.add(good.id, ['m1', 'm2']);
    await store.prices.put({ provider_id: good.id, model_id: 'm1', prompt_per_million: 1, completion_per_million: 2, currency: 'USD' });
    await store.prices.put({ provider_id: good.id, model_id: 'm2', prompt_per_million: 1, completion_per_million: 2, currency: 'USD' });
    await store.knex('providers').where('id', bad.id).update({ created_at: badTimestamp(dialect) });
    await store.knex('provider_keys').where('id', keys[1]!.id).update({ key_ciphertext: 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    await store.knex('models').where({ provider_id: good.id, model_id: 'm2' }).update({ created_at: badTimestamp(dialect) });
    await store.knex('model_prices').where({ provider_id: good.id, model_id: 'm2' }).update({ updated_at: badTimestamp(dialect) });

    const skipped: UnreadableRow[] = [];
    const data = await store.routingData((row) => skipped.push(row));
    expect(data.providers.map((p) => p.name)).toEqual(['good']);
    expect(data.keys.map((k) => k.key)).toEqual(['sk-good-one']);
    expect(data.models.map((m) => m.model_id)).toEqual(['m1']);
    expect(data.prices.map((p) => p.model_id)).toEqual(['m1']);
    expect(skipped.map((s) => s.table).sort()).toEqual(['model_prices', 'models', 'provider_keys', 'providers']);
    expect(skipped.find((s) => s.table === 'providers')!.id).toBe(bad.id);
    expect(skipped.find((s) => s.table === 'provider_keys')!.id).toBe(keys[1]!.id);
    expect(skipped.find((s) => s.table === 'provider_keys')!.reason).toMatch(/cannot decrypt/);
    expect(JSON.stringify(skipped)).not.toContain('sk-good-two');
  });

  it('skips and reports an unreadable token; the other tokens load', async () => {
    const ok = await store.tokens.create({ key: generateTokenKey(), name: 'ok' });
    const badJson = await store.tokens.create({ key: generateTokenKey(), name: 'bad-json' });
    const badTime = await store.tokens.create({ key: generateTokenKey(), name: 'bad-time' });
    await store.knex('tokens').where('id', badJson.id).update({ allowed_models: '["gpt-4o"' });
    await store.knex('tokens').where('id', badTime.id).update({ expires_at: badTimestamp(dialect) });

    const skipped: UnreadableRow[] = [];
    const tokens = await store.tokens.list((row) => skipped.push(row));
    expect(tokens.map((t) => t.id)).toEqual([ok.id]);
    expect(skipped.map((s) => `${s.table}:${s.id}`)).toEqual([`tokens:${badJson.id}`, `tokens:${badTime.id}`]);
    expect(skipped.every((s) => s.reason.length > 0)).toBe(true);
  });
});
