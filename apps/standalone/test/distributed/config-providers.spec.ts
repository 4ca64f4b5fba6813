import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createStore } from '@aigw/store';
import { type FakeUpstream, startFakeUpstream, testRedisUrl } from '@aigw/test-support';
import { Cluster, type Role } from './cluster';
import { waitFor } from './cluster-client';

jest.setTimeout(120_000);

/** Distributed mode: only the admin-api reconciles [[providers]]; a proxy reading the same file needs no key variable. */
describe('distributed services with providers declared in the config file', () => {
  let dir: string;
  let fake: FakeUpstream;
  let cluster: Cluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-dist-cfg-'));
    fake = await startFakeUpstream();
  });
  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the proxy starts without the env keys and writes nothing; the admin-api reconciles and the proxy serves', async () => {
    const file = join(dir, 'aigw.toml');
    writeFileSync(file, `[[providers]]\nname = "fake"\napi_type = "openai"\nbase_url = "${fake.url}/v1"\nkeys = ["env:DIST_FAKE_KEY"]\nmodels = [{ id = "gpt-4o-mini", prompt = 1, completion = 1 }]\n\n[aliases]\nfast = [{ model = "fake/gpt-4o-mini", priority = 1 }]\n`);
    cluster = new Cluster({ redisUrl: testRedisUrl(), env: { AIGW_CONFIG: file } });
    const withKey = cluster.env.bind(cluster);
    cluster.env = (port: number, role: Role) => ({ ...withKey(port, role), ...(role === 'admin' ? { DIST_FAKE_KEY: 'sk-dist-from-env-01' } : {}) });

    const proxy = await cluster.start('proxy');
    const store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    try {
      expect(await store.providers.list()).toEqual([]);
      await cluster.start('admin');
      await cluster.start('log-writer');
      const client = new OpenAI({ apiKey: cluster.adminToken, baseURL: `${proxy.url}/v1`, maxRetries: 0, timeout: 10_000 });
      const answer = await waitFor(
        'the proxy to serve the config provider',
        () => client.chat.completions.create({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined),
        (a) => a !== undefined,
      );
      expect(answer?.object).toBe('chat.completion');
      // The file's [aliases] are reconciled by the admin-api too, and served by the proxy.
      const viaAlias = await waitFor(
        'the proxy to serve the config alias',
        () => client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined),
        (a) => a !== undefined,
      );
      expect(viaAlias?.object).toBe('chat.completion');
      expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.apiKey)).toEqual(['sk-dist-from-env-01', 'sk-dist-from-env-01']);
      const rows = (await store.adminLogs.list({ limit: 50 })).filter((r) => r.actor === 'config');
      expect(rows.map((r) => r.operation).sort()).toEqual(['alias.put', 'key.add', 'models.add', 'price.put', 'provider.create']);
      expect(rows.find((r) => r.operation === 'alias.put')).toMatchObject({ target: 'fast', path: '[aliases]', detail: { created: true } });
    } finally {
      await store.close();
    }
  });
});
