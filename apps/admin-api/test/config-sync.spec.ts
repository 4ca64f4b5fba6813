import { parseConfig, type AigwConfig } from '@aigw/config';
import { StartupError } from '@aigw/http';
import { createStore, type Dialect, type Store, type StoreOptions } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@aigw/test-support';
import { planConfigProviders, syncConfigProviders } from '../src';
import { TZ } from './harness';

const logger = createLogger({ level: 'silent', timezone: TZ });
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(testPostgresUrl(), schema);
});

function storeOptions(dialect: Dialect): StoreOptions {
  if (dialect === 'sqlite') return { url: 'sqlite::memory:', timezone: TZ };
  const schema = uniqueSchema('t_cfgsync');
  schemas.push(schema);
  return { url: testPostgresUrl(), schema, poolMax: 3, secret: 'test-secret', timezone: TZ };
}

const ENV = { DEEPSEEK_KEY_1: 'sk-deepseek-env-0001', DEEPSEEK_KEY_2: 'sk-deepseek-env-0002' };

function deepseek(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'deepseek',
    api_type: 'openai',
    base_url: 'https://api.deepseek.com',
    key_strategy: 'round_robin',
    keys: ['env:DEEPSEEK_KEY_1', 'env:DEEPSEEK_KEY_2'],
    models: ['deepseek-reasoner', { id: 'deepseek-chat', prompt: 0.27, completion: 1.1, cached: 0.07, max_output_tokens: 8192 }],
    ...patch,
  };
}

function configWith(providers: Record<string, unknown>[]): AigwConfig {
  return parseConfig({ logging: { level: 'silent', timezone: TZ }, providers });
}

/** One start's reconcile: the plan is checked (env keys read from `env`), then written. */
async function start(store: Store, config: AigwConfig, env: NodeJS.ProcessEnv = ENV): Promise<number> {
  return syncConfigProviders({ config, store, logger }, planConfigProviders(config, env));
}

const configRows = async (store: Store) =>
  (await store.adminLogs.list({ limit: 1000 })).reverse().map((r) => ({ actor: r.actor, operation: r.operation, target: r.target, detail: r.detail }));

describe.each<Dialect>(['sqlite', 'pg'])('providers from the config file reconciled on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore(storeOptions(dialect));
  });
  afterEach(() => store.close());

  it('creates the provider with its env keys, models, caps and prices, each change an admin_logs row with actor config', async () => {
    expect(await start(store, configWith([deepseek()]))).toBe(4);
    const p = (await store.providers.getByName('deepseek'))!;
    expect(p).toMatchObject({ api_type: 'openai', base_url: 'https://api.deepseek.com/v1', key_strategy: 'round_robin', models_endpoint: null, responses_api: false, enabled: true });
    expect((await store.keys.listWithSecrets(p.id)).map((k) => k.key)).toEqual(['sk-deepseek-env-0001', 'sk-deepseek-env-0002']);
    expect((await store.models.list(p.id)).map((m) => [m.model_id, m.max_output_tokens, m.unlisted])).toEqual([
      ['deepseek-chat', 8192, false],
      ['deepseek-reasoner', null, false],
    ]);
    expect(await store.prices.list(p.id)).toEqual([
      expect.objectContaining({ model_id: 'deepseek-chat', prompt_per_million: 0.27, completion_per_million: 1.1, cached_prompt_per_million: 0.07, currency: 'USD' }),
    ]);
    const rows = await configRows(store);
    expect(rows.map((r) => [r.actor, r.operation, r.target])).toEqual([
      ['config', 'provider.create', 'deepseek'],
      ['config', 'key.add', 'deepseek'],
      ['config', 'models.add', 'deepseek'],
      ['config', 'price.put', 'deepseek/deepseek-chat'],
    ]);
    expect(rows[1]!.detail).toEqual({ count: 2, keys: [expect.objectContaining({ hint: 'sk-d...0001' }), expect.objectContaining({ hint: 'sk-d...0002' })] });
    expect(JSON.stringify(rows)).not.toContain('sk-deepseek-env');
  });

  it('a second start with the same file changes nothing and writes no admin_logs row', async () => {
    await start(store, configWith([deepseek()]));
    const before = (await store.adminLogs.list({ limit: 1000 })).length;
    const updatedAt = (await store.providers.getByName('deepseek'))!.updated_at;
    expect(await start(store, configWith([deepseek()]))).toBe(0);
    expect((await store.adminLogs.list({ limit: 1000 })).length).toBe(before);
    expect((await store.providers.getByName('deepseek'))!.updated_at).toEqual(updatedAt);
  });

  it('updates what the file changed: provider fields, a new env key, a cap and a price', async () => {
    await start(store, configWith([deepseek()]));
    const before = (await store.adminLogs.list({ limit: 1000 })).length;
    const changed = deepseek({
      base_url: 'https://relay.example/v1',
      key_strategy: 'random',
      models_endpoint: '/models',
      keys: 'env:DEEPSEEK_KEY_1, env:DEEPSEEK_KEY_3',
      models: ['deepseek-reasoner', { id: 'deepseek-chat', prompt: 0.5, completion: 2, max_output_tokens: 4096 }],
    });
    expect(await start(store, configWith([changed]), { ...ENV, DEEPSEEK_KEY_3: 'sk-deepseek-env-0003' })).toBe(4);
    const p = (await store.providers.getByName('deepseek'))!;
    expect(p).toMatchObject({ base_url: 'https://relay.example/v1', key_strategy: 'random', models_endpoint: '/models' });
    // Keys are only ever added: the one the file no longer names stays.
    expect((await store.keys.listWithSecrets(p.id)).map((k) => k.key)).toEqual(['sk-deepseek-env-0001', 'sk-deepseek-env-0002', 'sk-deepseek-env-0003']);
    expect((await store.models.list(p.id)).find((m) => m.model_id === 'deepseek-chat')!.max_output_tokens).toBe(4096);
    expect((await store.prices.list(p.id))[0]).toMatchObject({ prompt_per_million: 0.5, completion_per_million: 2, cached_prompt_per_million: null });
    const rows = (await configRows(store)).slice(before);
    expect(rows.map((r) => [r.actor, r.operation])).toEqual([
      ['config', 'provider.update'],
      ['config', 'key.add'],
      ['config', 'models.update'],
      ['config', 'price.put'],
    ]);
    expect(rows[0]!.detail).toEqual({ changed: ['base_url', 'models_endpoint', 'key_strategy'], base_url: 'https://relay.example/v1' });
  });

  it('never deletes what the API created, and leaves alone the fields the file does not give', async () => {
    const manual = await store.providers.create({ name: 'manual', api_type: 'anthropic', base_url: 'https://api.anthropic.com' });
    await store.keys.add(manual.id, ['sk-manual-0001']);
    await start(store, configWith([deepseek(), { name: 'extra', api_type: 'zhipu', base_url: 'https://open.bigmodel.cn/api/paas/v4' }]));
    const p = (await store.providers.getByName('deepseek'))!;
    await store.models.add(p.id, ['added-by-api']);
    await store.providers.update(p.id, { models_endpoint: '/v1/models', enabled: false });
    const before = (await store.adminLogs.list({ limit: 1000 })).length;

    // "extra" is gone from the file, deepseek no longer lists its models: nothing is removed.
    expect(await start(store, configWith([deepseek({ models: [] })]))).toBe(0);
    expect((await store.providers.list()).map((x) => x.name)).toEqual(['deepseek', 'extra', 'manual']);
    expect((await store.models.list(p.id)).map((m) => m.model_id)).toEqual(['added-by-api', 'deepseek-chat', 'deepseek-reasoner']);
    expect(await store.providers.getByName('deepseek')).toMatchObject({ models_endpoint: '/v1/models', enabled: false });
    expect(await store.keys.list(manual.id)).toHaveLength(1);
    expect((await store.adminLogs.list({ limit: 1000 })).length).toBe(before);
  });

  it('adds the file keys an existing provider lacks, compared by hash, beside keys the API added', async () => {
    const p = await store.providers.create({ name: 'deepseek', api_type: 'openai', base_url: 'https://api.deepseek.com/v1', key_strategy: 'round_robin' });
    await store.keys.add(p.id, ['sk-deepseek-env-0002', 'sk-api-only-0009']);
    expect(await start(store, configWith([deepseek({ models: [] })]))).toBe(1);
    expect((await store.keys.listWithSecrets(p.id)).map((k) => k.key)).toEqual(['sk-deepseek-env-0002', 'sk-api-only-0009', 'sk-deepseek-env-0001']);
    expect((await configRows(store)).map((r) => [r.operation, r.detail?.count])).toEqual([['key.add', 1]]);
  });
});

describe('an invalid [[providers]] entry stops the start naming it, before anything is written', () => {
  const failure = (providers: Record<string, unknown>[], env: NodeJS.ProcessEnv = ENV): string => {
    try {
      planConfigProviders(configWith(providers), env);
    } catch (err) {
      expect(err).toBeInstanceOf(StartupError);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('expected a StartupError');
  };

  it.each([
    [{ api_type: 'mistral' }, 'config file providers[0] "deepseek": api_type:'],
    [{ base_url: 'ftp://x' }, 'config file providers[0] "deepseek": base_url: must be an http(s) URL'],
    [{ base_url: 'https://user:pw@x/v1' }, 'base_url: must be an http(s) URL without credentials'],
    [{ models_endpoint: 'models' }, 'models_endpoint: must start with "/"'],
    [{ api_type: 'anthropic', responses_api: true }, 'responses_api: only an openai-type provider'],
    [{ models: ['has space'] }, 'config file providers[0] "deepseek": models[0].id: must not contain whitespace'],
    [{ models: ['m', 'm'] }, 'models: "m" is listed twice'],
    [{ models: ['ok', { id: 'm'.repeat(256), prompt: 1, completion: 1 }] }, 'models[1].id: must be at most 255 characters'],
    [{ keys: ['sk key with spaces'] }, 'config file providers[0] "deepseek": keys[0]: must not contain whitespace'],
  ])('%p', (patch, expected) => {
    const message = failure([deepseek(patch)]);
    expect(message).toContain(expected);
    expect(message).not.toContain('sk key');
  });

  it('names the entry and the variable of an env: key that is not set, and a key given twice', () => {
    expect(failure([deepseek()], { DEEPSEEK_KEY_1: 'sk-deepseek-env-0001' })).toBe('config file providers[0] "deepseek".keys[1]: environment variable DEEPSEEK_KEY_2 is not set');
    expect(failure([deepseek()], { DEEPSEEK_KEY_1: 'sk-same', DEEPSEEK_KEY_2: 'sk-same' })).toBe('config file providers[0] "deepseek".keys[1]: the same key as keys[0]');
  });

  it('names the second entry when it is the bad one', () => {
    expect(failure([deepseek(), { name: 'other', api_type: 'nope', base_url: 'https://x/v1' }])).toMatch(/^config file providers\[1\] "other": api_type:/);
  });
});
