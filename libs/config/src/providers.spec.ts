import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './load';
import { resolveProviderKeys } from './providers';

const dir = mkdtempSync(join(tmpdir(), 'aigw-providers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(toml: string) {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(path, toml);
  return loadConfig({ argv: ['--config', path], env: {}, cwd: dir });
}

/** The file's providers with their env: keys read from `env`. */
const resolved = (toml: string, env: NodeJS.ProcessEnv) => resolveProviderKeys(load(toml).providers, env);

/** The message resolveProviderKeys throws. */
function keysFailure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, nothing was thrown');
}

/** The message of the ConfigError `fn` throws. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

const DEEPSEEK = `
[[providers]]
name = "deepseek"
api_type = "openai"
base_url = "https://api.deepseek.com"
models_endpoint = "/models"
key_strategy = "round_robin"
keys = ["env:DEEPSEEK_KEY_1", "env:DEEPSEEK_KEY_2", "sk-inline"]
models = [
  "deepseek-reasoner",
  { id = "deepseek-chat", prompt = 0.27, completion = 1.1, cached = 0.07, max_output_tokens = 8192 },
]

[[providers]]
name = "relay"
api_type = "openai"
base_url = "https://relay.example/v1"
responses_api = true
keys = "sk-a, sk-b,sk-c,"
`;

describe('[[providers]] in the config file', () => {
  it('reads every field, env: keys from the environment and a comma-separated key string', () => {
    expect(load(DEEPSEEK).providers[0]!.keys).toEqual(['env:DEEPSEEK_KEY_1', 'env:DEEPSEEK_KEY_2', 'sk-inline']);
    expect(resolved(DEEPSEEK, { DEEPSEEK_KEY_1: 'sk-one', DEEPSEEK_KEY_2: 'sk-two' })).toEqual([
      {
        name: 'deepseek',
        api_type: 'openai',
        base_url: 'https://api.deepseek.com',
        models_endpoint: '/models',
        key_strategy: 'round_robin',
        keys: ['sk-one', 'sk-two', 'sk-inline'],
        models: [{ id: 'deepseek-reasoner' }, { id: 'deepseek-chat', prompt: 0.27, completion: 1.1, cached: 0.07, max_output_tokens: 8192 }],
      },
      { name: 'relay', api_type: 'openai', base_url: 'https://relay.example/v1', responses_api: true, keys: ['sk-a', 'sk-b', 'sk-c'], models: [] },
    ]);
  });

  it('defaults to no providers, and a provider to no keys and no models', () => {
    expect(parseConfig({}).providers).toEqual([]);
    const config = parseConfig({ providers: [{ name: 'p', api_type: 'openai', base_url: 'http://u' }] });
    expect(config.providers[0]).toEqual({ name: 'p', api_type: 'openai', base_url: 'http://u', keys: [], models: [] });
  });

  it('names the entry and the variable when an env: key is not set, and never prints a key', () => {
    const message = keysFailure(() => resolved(DEEPSEEK, { DEEPSEEK_KEY_1: 'sk-one' }));
    expect(message).toContain('providers[0] "deepseek".keys[1]: environment variable DEEPSEEK_KEY_2 is not set');
    expect(message).not.toContain('sk-one');
    expect(keysFailure(() => resolved(DEEPSEEK, { DEEPSEEK_KEY_1: 'sk-one', DEEPSEEK_KEY_2: '' }))).toContain('DEEPSEEK_KEY_2 is not set');
  });

  it('refuses a key given twice in one provider, also when one comes from the environment', () => {
    const message = keysFailure(() => resolved(DEEPSEEK, { DEEPSEEK_KEY_1: 'sk-inline', DEEPSEEK_KEY_2: 'sk-two' }));
    expect(message).toContain('providers[0] "deepseek".keys[2]: the same key as keys[0]');
    expect(message).not.toContain('sk-inline');
    const comma = keysFailure(() => resolveProviderKeys(parseConfig({ providers: [{ name: 'p', api_type: 'openai', base_url: 'http://u', keys: 'k1,k2,k1' }] }).providers, {}));
    expect(comma).toContain('providers[0] "p".keys[2]: the same key as keys[0]');
  });

  it.each([
    [{ name: 'Bad/Name' }, 'providers[0] "Bad/Name".name: must match'],
    [{ name: undefined }, 'providers[0].name:'],
    [{ api_type: '' }, 'providers[0] "p".api_type: must not be empty'],
    [{ base_url: undefined }, 'providers[0] "p".base_url:'],
    [{ key_strategy: 'fastest' }, 'providers[0] "p".key_strategy:'],
    [{ keys: ['k1', ''] }, 'providers[0] "p".keys.1: must not be empty'],
    [{ keys: 42 }, 'providers[0] "p".keys:'],
    [{ responses_api: 'yes' }, 'providers[0] "p".responses_api:'],
    [{ models: [''] }, 'providers[0] "p".models.0.id: must not be empty'],
    [{ models: [{ id: 'm', prompt: 1 }] }, 'prompt and completion are set together'],
    [{ models: [{ id: 'm', cached: 1 }] }, 'cached needs prompt and completion'],
    [{ models: [{ id: 'm', prompt: -1, completion: 1 }] }, 'providers[0] "p".models.0.prompt:'],
    [{ models: [{ id: 'm', max_output_tokens: 1.5 }] }, 'providers[0] "p".models.0.max_output_tokens: must be a whole number'],
    [{ models: [{ id: 'm', price: 1 }] }, 'providers[0] "p".models.0.price: unknown key'],
    [{ weight: 1 }, 'providers[0] "p".weight: unknown key'],
  ])('refuses %p naming the entry', (patch, expected) => {
    const entry = { name: 'p', api_type: 'openai', base_url: 'http://u', ...patch };
    expect(failure(() => parseConfig({ providers: [entry] }))).toContain(expected);
  });

  it('refuses a provider declared twice', () => {
    const entry = { name: 'p', api_type: 'openai', base_url: 'http://u' };
    expect(failure(() => parseConfig({ providers: [entry, entry] }))).toContain('providers[1] "p".name: "p" is declared twice');
  });

  it('reads the commented example of docker/aigw.toml once uncommented', () => {
    const sample = readFileSync(join(__dirname, '..', '..', '..', 'docker', 'aigw.toml'), 'utf8');
    const start = sample.indexOf('# [[providers]]');
    const block = sample.slice(start, sample.indexOf('\n\n', start)).split('\n').map((line) => line.replace(/^# ?/, '')).join('\n');
    expect(resolved(block, { DEEPSEEK_KEY_1: 'sk-1', DEEPSEEK_KEY_2: 'sk-2' })).toEqual([expect.objectContaining({ name: 'deepseek', keys: ['sk-1', 'sk-2'], models: [{ id: 'deepseek-reasoner' }, expect.objectContaining({ id: 'deepseek-chat', prompt: 0.27 })] })]);
  });
});
