import { StoreError, type Store, type StoreErrorKind } from '../src';
import { DIALECTS, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_catalog');
afterAll(() => harness.cleanup());

/** The store refuses with its own error (the apps map it): `provider_not_found` is a not_found of a provider. */
async function expectCode(promise: Promise<unknown>, code: StoreErrorKind | 'provider_not_found', message?: RegExp): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  if (code === 'provider_not_found') expect(err).toMatchObject({ kind: 'not_found', entity: 'provider' });
  else expect((err as StoreError).kind).toBe(code);
  if (message) expect((err as StoreError).message).toMatch(message);
}

describe.each(DIALECTS)('catalog on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await harness.open(dialect);
  });

  describe('providers', () => {
    it('creates with defaults, lists by name, finds by name', async () => {
      const before = Date.now();
      const created = await store.providers.create({ name: 'zeta', api_type: 'zhipu', base_url: 'https://open.bigmodel.cn' });
      await store.providers.create({ name: 'alpha', api_type: 'openai', base_url: 'https://api.openai.com/v1', models_endpoint: '/models' });
      expect(created).toMatchObject({ name: 'zeta', api_type: 'zhipu', models_endpoint: null, key_strategy: 'first', enabled: true });
      expect(created.created_at).toBeInstanceOf(Date);
      expect(created.created_at.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect((await store.providers.list()).map((p) => p.name)).toEqual(['alpha', 'zeta']);
      expect(await store.providers.getByName('alpha')).toMatchObject({ models_endpoint: '/models', enabled: true });
      expect(await store.providers.getByName('nope')).toBeUndefined();
    });

    it('rejects a duplicate name as a conflict', async () => {
      await store.providers.create({ name: 'dup', api_type: 'openai', base_url: 'https://x/v1' });
      await expectCode(store.providers.create({ name: 'dup', api_type: 'anthropic', base_url: 'https://y' }), 'conflict', /provider "dup" already exists/);
    });


    it('updates the given fields and updated_at; unknown id is provider_not_found', async () => {
      const p = await store.providers.create({ name: 'p', api_type: 'openai', base_url: 'https://x/v1' });
      await new Promise((r) => setTimeout(r, 5));
      const updated = await store.providers.update(p.id, { enabled: false, key_strategy: 'round_robin', models_endpoint: null });
      expect(updated).toMatchObject({ name: 'p', base_url: 'https://x/v1', enabled: false, key_strategy: 'round_robin' });
      expect(updated.updated_at.getTime()).toBeGreaterThan(p.updated_at.getTime());
      expect(updated.created_at.getTime()).toBe(p.created_at.getTime());
      await expectCode(store.providers.update(9999, { enabled: true }), 'provider_not_found');
    });

    it('delete removes keys, catalog models and prices with the provider and returns them', async () => {
      const p = await store.providers.create({ name: 'gone', api_type: 'openai', base_url: 'https://x/v1' });
      const other = await store.providers.create({ name: 'kept', api_type: 'openai', base_url: 'https://y/v1' });
      const keys = await store.keys.add(p.id, ['sk-aaaa-1111-bbbb', 'sk-cccc-2222-dddd']);
      await store.keys.add(other.id, ['sk-other-key-0000']);
      await store.models.add(p.id, ['m1', 'm2']);
      await store.models.add(other.id, ['m1']);
      await store.prices.put({ provider_id: p.id, model_id: 'm1', prompt_per_million: 1, completion_per_million: 2, currency: 'USD' });
      await store.prices.put({ provider_id: other.id, model_id: 'm1', prompt_per_million: 3, completion_per_million: 4, currency: 'USD' });

      const removed = await store.providers.delete(p.id);
      expect(removed.keys.map((k) => k.id)).toEqual(keys.map((k) => k.id));
      expect(removed.keys[0]).not.toHaveProperty('key');
      expect(removed.models.map((m) => [m.provider, m.model_id])).toEqual([['gone', 'm1'], ['gone', 'm2']]);
      expect(removed.prices.map((x) => [x.provider, x.model_id, x.prompt_per_million])).toEqual([['gone', 'm1', 1]]);

      expect(await store.providers.getByName('gone')).toBeUndefined();
      const routing = await store.routingData();
      expect(routing.providers.map((x) => x.name)).toEqual(['kept']);
      expect(routing.keys.map((k) => k.provider_id)).toEqual([other.id]);
      expect(routing.models.map((m) => m.provider)).toEqual(['kept']);
      expect(routing.prices.map((x) => x.provider)).toEqual(['kept']);
      expect(await store.knex('provider_keys').where('provider_id', p.id).count({ n: '*' })).toEqual([{ n: dialect === 'pg' ? '0' : 0 }]);
      await expectCode(store.providers.delete(p.id), 'provider_not_found');
    });
  });

  describe('keys', () => {
    it('stores keys encrypted with a hash and a hint, and decrypts them for the data plane', async () => {
      const p = await store.providers.create({ name: 'k', api_type: 'openai', base_url: 'https://x/v1' });
      const added = await store.keys.add(p.id, ['sk-proj-ABCDEFGHIJKLMNOP-1234', 'sk-second-key-zzzz9876']);
      expect(added.map((k) => k.key_hint)).toEqual(['sk-p...1234', 'sk-s...9876']);
      expect(added[0]).toMatchObject({ provider_id: p.id, enabled: true });
      expect(added[0]?.created_at).toBeInstanceOf(Date);

      const raw: { key_ciphertext: string; key_hash: string }[] = await store.knex('provider_keys').orderBy('id');
      for (const row of raw) {
        expect(row.key_ciphertext).not.toContain('sk-proj');
        expect(row.key_ciphertext).not.toContain('ABCDEFGH');
        expect(row.key_ciphertext).toMatch(/^v1:/);
        expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      }
      expect((await store.keys.list(p.id)).map((k) => k.key_hint)).toEqual(['sk-p...1234', 'sk-s...9876']);
      expect((await store.keys.listWithSecrets(p.id)).map((k) => k.key)).toEqual(['sk-proj-ABCDEFGHIJKLMNOP-1234', 'sk-second-key-zzzz9876']);
      expect((await store.routingData()).keys.map((k) => k.key)).toEqual(['sk-proj-ABCDEFGHIJKLMNOP-1234', 'sk-second-key-zzzz9876']);
    });

    it('rejects keys already stored or repeated in the input, naming them by hint, inserting nothing', async () => {
      const p = await store.providers.create({ name: 'k', api_type: 'openai', base_url: 'https://x/v1' });
      const other = await store.providers.create({ name: 'k2', api_type: 'openai', base_url: 'https://x/v1' });
      await store.keys.add(p.id, ['sk-existing-key-1111']);
      await expectCode(store.keys.add(p.id, ['sk-brand-new-key-2222', 'sk-existing-key-1111']), 'conflict', /keys\[1\] \(sk-e\.\.\.1111\) is already on provider "k"/);
      await expectCode(store.keys.add(p.id, ['sk-new-key-abc-3333', 'sk-new-key-abc-3333']), 'conflict', /keys\[1\] \(sk-n\.\.\.3333\) repeats an earlier key/);
      expect((await store.keys.list(p.id)).map((k) => k.key_hint)).toEqual(['sk-e...1111']);
      // The same key under another provider is fine.
      expect(await store.keys.add(other.id, ['sk-existing-key-1111'])).toHaveLength(1);
    });

    it('adding to a missing provider is provider_not_found; delete says whether a key went', async () => {
      await expectCode(store.keys.add(4242, ['sk-whatever-0000']), 'provider_not_found');
      const p = await store.providers.create({ name: 'k', api_type: 'openai', base_url: 'https://x/v1' });
      const [key] = await store.keys.add(p.id, ['sk-to-delete-0000']);
      expect(await store.keys.delete(p.id + 1, key!.id)).toBe(false);
      expect(await store.keys.delete(p.id, key!.id)).toBe(true);
      expect(await store.keys.delete(p.id, key!.id)).toBe(false);
      expect(await store.keys.list(p.id)).toEqual([]);
    });
  });

  describe('models', () => {
    it('adds new ids only, returns the rows added, removes with removed/missing', async () => {
      const p = await store.providers.create({ name: 'm', api_type: 'openai', base_url: 'https://x/v1' });
      const first = await store.models.add(p.id, ['gpt-4o', 'gpt-4o-mini']);
      expect(first.map((m) => [m.provider, m.model_id])).toEqual([['m', 'gpt-4o'], ['m', 'gpt-4o-mini']]);
      expect(first[0]?.created_at).toBeInstanceOf(Date);
      const second = await store.models.add(p.id, ['gpt-4o', 'o3', 'o3']);
      expect(second.map((m) => m.model_id)).toEqual(['o3']);
      expect((await store.models.list()).map((m) => m.model_id)).toEqual(['gpt-4o', 'gpt-4o-mini', 'o3']);
      expect(await store.models.remove(p.id, ['o3', 'nope'])).toEqual({ removed: ['o3'], missing: ['nope'] });
      expect((await store.models.list()).map((m) => m.model_id)).toEqual(['gpt-4o', 'gpt-4o-mini']);
      await expectCode(store.models.add(999, ['x']), 'provider_not_found');
    });

    it('keeps an output cap per model: set on add, changed, cleared, unknown model undefined', async () => {
      const p = await store.providers.create({ name: 'cap', api_type: 'anthropic', base_url: 'https://x' });
      const [capped] = await store.models.add(p.id, ['claude-haiku'], 8192);
      expect(capped).toMatchObject({ model_id: 'claude-haiku', max_output_tokens: 8192 });
      const [plain] = await store.models.add(p.id, ['claude-opus']);
      expect(plain?.max_output_tokens).toBeNull();
      expect(await store.models.add(p.id, ['claude-haiku'], 1)).toEqual([]);
      expect(await store.models.setOutputCap(p.id, 'claude-opus', 32000)).toMatchObject({ model_id: 'claude-opus', max_output_tokens: 32000 });
      expect(await store.models.setOutputCap(p.id, 'claude-haiku', null)).toMatchObject({ max_output_tokens: null });
      expect(await store.models.setOutputCap(p.id, 'nope', 5)).toBeUndefined();
      expect((await store.models.list(p.id)).map((m) => [m.model_id, m.max_output_tokens])).toEqual([
        ['claude-haiku', null],
        ['claude-opus', 32000],
      ]);
      expect((await store.routingData()).models.find((m) => m.model_id === 'claude-opus')?.max_output_tokens).toBe(32000);
    });
  });

  describe('aliases', () => {
    it('puts (insert then replace), lists by alias, deletes', async () => {
      const one = (alias: string, target: string) => ({ alias, target, targets: [{ model: target, priority: 0, weight: 1 }] });
      expect(await store.aliases.put('fast', 'openai/gpt-4o-mini')).toEqual(one('fast', 'openai/gpt-4o-mini'));
      await store.aliases.put('best', 'o3');
      await store.aliases.put('fast', 'zhipu/glm-4-flash');
      expect(await store.aliases.list()).toEqual([
        one('best', 'o3'),
        one('fast', 'zhipu/glm-4-flash'),
      ]);
      expect(await store.aliases.delete('fast')).toBe(true);
      expect(await store.aliases.delete('fast')).toBe(false);
      expect(await store.aliases.list()).toEqual([one('best', 'o3')]);
    });

    it('keeps a list of targets with priorities and weights; target is the highest priority', async () => {
      const targets = [
        { model: 'openai/gpt-4o-mini', priority: 1, weight: 2 },
        { model: 'zhipu/glm-4-flash', priority: 3, weight: 1 },
      ];
      expect(await store.aliases.put('smart', targets)).toEqual({ alias: 'smart', target: 'zhipu/glm-4-flash', targets });
      expect(await store.aliases.list()).toEqual([{ alias: 'smart', target: 'zhipu/glm-4-flash', targets }]);
      expect((await store.routingData()).aliases).toEqual([{ alias: 'smart', target: 'zhipu/glm-4-flash', targets }]);
      await store.aliases.put('smart', 'o3');
      expect(await store.aliases.list()).toEqual([{ alias: 'smart', target: 'o3', targets: [{ model: 'o3', priority: 0, weight: 1 }] }]);
    });
  });

  describe('prices', () => {
    it('puts (insert then replace) with decimals read back as numbers, lists, deletes', async () => {
      const p = await store.providers.create({ name: 'pr', api_type: 'openai', base_url: 'https://x/v1' });
      const created = await store.prices.put({
        provider_id: p.id,
        model_id: 'gpt-4o',
        prompt_per_million: 2.5,
        completion_per_million: 10,
        cached_prompt_per_million: 1.25,
        currency: 'USD',
      });
      expect(created).toMatchObject({ provider: 'pr', model_id: 'gpt-4o', prompt_per_million: 2.5, completion_per_million: 10, cached_prompt_per_million: 1.25 });
      expect(created.updated_at).toBeInstanceOf(Date);
      const replaced = await store.prices.put({ provider_id: p.id, model_id: 'gpt-4o', prompt_per_million: 0.0000001, completion_per_million: 12.3456789012, currency: 'USD' });
      expect(replaced).toMatchObject({ id: created.id, prompt_per_million: 0.0000001, completion_per_million: 12.3456789012, cached_prompt_per_million: null });
      expect(await store.prices.list()).toEqual([replaced]);
      expect(await store.prices.delete(p.id, 'gpt-4o')).toBe(true);
      expect(await store.prices.delete(p.id, 'gpt-4o')).toBe(false);
      await expectCode(store.prices.put({ provider_id: 999, model_id: 'x', prompt_per_million: 1, completion_per_million: 1, currency: 'USD' }), 'provider_not_found');
    });
  });

  describe('settings', () => {
    it('get is undefined until set; set inserts then replaces', async () => {
      expect(await store.settings.get('admin_token_hash')).toBeUndefined();
      await store.settings.set('admin_token_hash', 'aaa');
      await store.settings.set('admin_token_hash', 'bbb');
      expect(await store.settings.get('admin_token_hash')).toBe('bbb');
      expect(await store.knex('settings').count({ n: '*' })).toEqual([{ n: dialect === 'pg' ? '1' : 1 }]);
    });

    it('concurrent first writes of one setting both succeed', async () => {
      await Promise.all([store.settings.set('race', '1'), store.settings.set('race', '2'), store.settings.set('race', '3')]);
      expect(['1', '2', '3']).toContain(await store.settings.get('race'));
    });

    it('getOrCreate mints once: concurrent first calls all get the one stored value', async () => {
      let n = 0;
      const got = await Promise.all(Array.from({ length: 5 }, () => store.settings.getOrCreate('minted', () => `v${++n}`)));
      expect(new Set(got).size).toBe(1);
      expect(await store.settings.get('minted')).toBe(got[0]);
      expect(await store.settings.getOrCreate('minted', () => 'other')).toBe(got[0]);
    });
  });

  describe('routingData', () => {
    it('returns providers (enabled or not), keys with plaintext, models, aliases and prices', async () => {
      const a = await store.providers.create({ name: 'a', api_type: 'anthropic', base_url: 'https://api.anthropic.com' });
      const b = await store.providers.create({ name: 'b', api_type: 'openai', base_url: 'https://x/v1', enabled: false });
      await store.keys.add(a.id, ['sk-ant-key-xy-0001']);
      await store.keys.add(b.id, ['sk-b-key-xyzw-0002']);
      await store.models.add(a.id, ['claude-sonnet-4']);
      await store.aliases.put('sonnet', 'a/claude-sonnet-4');
      await store.prices.put({ provider_id: a.id, model_id: 'claude-sonnet-4', prompt_per_million: 3, completion_per_million: 15, currency: 'USD' });
      const data = await store.routingData();
      expect(data.providers.map((p) => [p.name, p.enabled])).toEqual([['a', true], ['b', false]]);
      expect(data.keys.map((k) => [k.provider_id, k.key, k.key_hint])).toEqual([
        [a.id, 'sk-ant-key-xy-0001', 'sk-a...0001'],
        [b.id, 'sk-b-key-xyzw-0002', 'sk-b...0002'],
      ]);
      expect(data.models.map((m) => `${m.provider}/${m.model_id}`)).toEqual(['a/claude-sonnet-4']);
      expect(data.aliases).toEqual([{ alias: 'sonnet', target: 'a/claude-sonnet-4', targets: [{ model: 'a/claude-sonnet-4', priority: 0, weight: 1 }] }]);
      expect(data.prices.map((p) => [p.provider, p.completion_per_million])).toEqual([['a', 15]]);
    });
  });
});
