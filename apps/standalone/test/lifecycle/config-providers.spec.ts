import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createStore } from '@aigw/store';
import { freePort, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { gatewayEnv, runGatewayToExit, startGatewayProcess, terminate, type GatewayProcess } from './gateway-process';

jest.setTimeout(60_000);

/** The built standalone gateway started with [[providers]] in its config file: no admin API call. */
describe('standalone gateway with providers declared in its config file', () => {
  let dir: string;
  let fake: FakeUpstream;
  const running: GatewayProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-cfgproviders-'));
    fake = await startFakeUpstream();
  });
  afterEach(async () => {
    for (const g of running.splice(0)) await terminate(g, 2000);
    fake.reset();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function configFile(name: string, providers: string): string {
    const path = join(dir, `${name}.toml`);
    writeFileSync(path, `[billing]\ncurrency = "USD"\n\n${providers}`);
    return path;
  }

  const fakeProvider = (apiType = 'openai') => `
[[providers]]
name = "fake"
api_type = "${apiType}"
base_url = "${fake.url}/v1"
key_strategy = "round_robin"
keys = ["env:FAKE_KEY_1", "env:FAKE_KEY_2"]
models = [{ id = "gpt-4o-mini", prompt = 1000000, completion = 2000000 }]

[aliases]
mini = "fake/gpt-4o-mini"
`;

  it('serves the file providers to the official openai SDK with the keys from the environment, and a restart changes nothing', async () => {
    const port = await freePort();
    const file = join(dir, 'serve.db');
    const env = gatewayEnv(port, file, { AIGW_CONFIG: configFile('serve', fakeProvider()), FAKE_KEY_1: 'sk-from-env-0001', FAKE_KEY_2: 'sk-from-env-0002' });
    const gateway = await startGatewayProcess(env);
    running.push(gateway);

    const client = new OpenAI({ apiKey: gateway.adminToken, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 10_000 });
    const first = await client.chat.completions.create({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
    expect(first.object).toBe('chat.completion');
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] });
    // The file's [aliases] entry, reconciled with the providers.
    await client.chat.completions.create({ model: 'mini', messages: [{ role: 'user', content: 'by alias' }] });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('fake/gpt-4o-mini');
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.apiKey)).toEqual(['sk-from-env-0001', 'sk-from-env-0002', 'sk-from-env-0001']);

    running.splice(running.indexOf(gateway), 1);
    await terminate(gateway);
    const again = await startGatewayProcess(env);
    running.push(again);
    running.splice(running.indexOf(again), 1);
    await terminate(again);

    const store = await createStore({ url: `sqlite://${file}`, secret: 'lifecycle-test-secret', timezone: 'Asia/Shanghai' });
    try {
      const rows = (await store.requestLogs.list({ limit: 50 })).filter((r) => r.request_type === 'chat');
      expect(rows).toHaveLength(3);
      const { prompt_tokens, completion_tokens, amount_spent } = rows[0]!;
      expect(amount_spent).toBeCloseTo(prompt_tokens! * 1 + completion_tokens! * 2, 6);
      const audit = (await store.adminLogs.list({ limit: 100 })).filter((r) => r.actor === 'config').map((r) => r.operation);
      // The restart found everything as the file says: the rows are the first start's only.
      expect(audit.sort()).toEqual(['alias.put', 'key.add', 'models.add', 'price.put', 'provider.create']);
    } finally {
      await store.close();
    }
  });

  it('stops the start naming the entry and the variable when an env: key is not set', async () => {
    const env = gatewayEnv(await freePort(), join(dir, 'noenv.db'), { AIGW_CONFIG: configFile('noenv', fakeProvider()), FAKE_KEY_1: 'sk-from-env-0001' });
    const result = await runGatewayToExit(env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['aigw failed to start: config file providers[0] "fake".keys[1]: environment variable FAKE_KEY_2 is not set']);
    expect(result.stderr).not.toContain('sk-from-env-0001');
  });

  it('stops the start with one line naming the entry of an unknown api_type', async () => {
    const env = gatewayEnv(await freePort(), join(dir, 'badtype.db'), { AIGW_CONFIG: configFile('badtype', fakeProvider('mistral')), FAKE_KEY_1: 'k1', FAKE_KEY_2: 'k2' });
    const result = await runGatewayToExit(env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^aigw failed to start: config file providers\[0\] "fake": api_type: /)]);
  });
});
