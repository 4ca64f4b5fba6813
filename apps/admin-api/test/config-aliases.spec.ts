import { parseConfig, type AigwConfigInput } from '@aigw/config';
import { createStore, type Store } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { planConfigProviders, syncConfig } from '../src';
import { TZ } from './harness';

const logger = createLogger({ level: 'silent', timezone: TZ });

/** One start's reconciliation of the whole config file ([[providers]] and [aliases]). */
function start(store: Store, input: AigwConfigInput) {
  const config = parseConfig({ logging: { level: 'silent', timezone: TZ }, ...input });
  return syncConfig({ config, store, logger }, planConfigProviders(config, {}));
}

const configRows = async (store: Store) =>
  (await store.adminLogs.list({ limit: 1000 }))
    .reverse()
    .filter((r) => r.actor === 'config')
    .map((r) => ({ operation: r.operation, target: r.target, path: r.path, detail: r.detail }));

describe('[aliases] from the config file, reconciled with the providers', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore({ url: 'sqlite::memory:', timezone: TZ });
  });
  afterEach(() => store.close());

  const FALLBACKS = [
    { model: 'deepseek/deepseek-chat', priority: 2 },
    { model: 'kimi/k2', priority: 1, weight: 3 },
  ];

  it('creates each alias with an admin_logs row with actor config; a second start writes nothing', async () => {
    expect(await start(store, { aliases: { fast: 'deepseek/deepseek-chat', smart: FALLBACKS } })).toEqual({ providers: 0, aliases: 2, mcpServers: 0 });
    expect((await store.aliases.list()).map((a) => [a.alias, a.targets])).toEqual([
      ['fast', [{ model: 'deepseek/deepseek-chat', priority: 0, weight: 1 }]],
      [
        'smart',
        [
          { model: 'deepseek/deepseek-chat', priority: 2, weight: 1 },
          { model: 'kimi/k2', priority: 1, weight: 3 },
        ],
      ],
    ]);
    expect(await configRows(store)).toEqual([
      { operation: 'alias.put', target: 'fast', path: '[aliases]', detail: { created: true, targets: [{ model: 'deepseek/deepseek-chat', priority: 0, weight: 1 }] } },
      { operation: 'alias.put', target: 'smart', path: '[aliases]', detail: { created: true, targets: expect.any(Array) } },
    ]);
    expect(await start(store, { aliases: { fast: 'deepseek/deepseek-chat', smart: FALLBACKS } })).toEqual({ providers: 0, aliases: 0, mcpServers: 0 });
    expect(await configRows(store)).toHaveLength(2);
  });

  it('updates an alias the file changed (one row saying what it was), and never deletes what the API created', async () => {
    await store.aliases.put('api-made', 'other/m');
    await start(store, { aliases: { fast: 'deepseek/deepseek-chat' } });
    expect(await start(store, { aliases: { fast: FALLBACKS } })).toEqual({ providers: 0, aliases: 1, mcpServers: 0 });
    const rows = await configRows(store);
    expect(rows.at(-1)).toEqual({
      operation: 'alias.put',
      target: 'fast',
      path: '[aliases]',
      detail: { created: false, was: [{ model: 'deepseek/deepseek-chat', priority: 0, weight: 1 }], targets: expect.arrayContaining([expect.objectContaining({ model: 'kimi/k2' })]) },
    });
    expect((await store.aliases.list()).map((a) => a.alias)).toEqual(['api-made', 'fast']);
  });

  it('a provider and an alias in one file: both reconciled, providers first', async () => {
    const providers = [{ name: 'deepseek', api_type: 'openai', base_url: 'https://api.deepseek.com', keys: ['sk-config-alias-0001'], models: ['deepseek-chat'] }];
    expect(await start(store, { providers, aliases: { fast: 'deepseek/deepseek-chat' } })).toEqual({ providers: 3, aliases: 1, mcpServers: 0 });
    expect((await configRows(store)).map((r) => r.operation)).toEqual(['provider.create', 'key.add', 'models.add', 'alias.put']);
  });
});
