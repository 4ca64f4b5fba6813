import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 13: the optional key probe re-activates an invalid key only when its probe request got a 2xx. */
describe('key probe (routing.key_probe_seconds)', () => {
  const KEY = 'sk-probe-key-cccc-0003';
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({ routing: { key_probe_seconds: 0.2 } });
    token = (await gw.addToken()).key;
    await gw.addProvider({ name: 'probed', baseUrl: fake.url, keys: [KEY], models: [{ id: 'm1', prompt: 1, completion: 1 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  const chat = () =>
    gw.raw('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'probed/m1', messages: [{ role: 'user', content: 'hi' }] }),
    });

  it('re-tests an invalid key with a models call and re-activates it once the upstream accepts it', async () => {
    fake.failKey(KEY, { kind: 'status', status: 401, body: '{"error":{"message":"invalid api key"}}' });
    expect((await chat()).status).toBe(401);
    expect((await chat()).status).toBe(503);
    // While the key is still refused, the probe keeps it invalid.
    await new Promise((r) => setTimeout(r, 500));
    expect((await gw.store.keys.list((await gw.store.providers.getByName('probed'))!.id))[0]!.invalid).not.toBeNull();
    fake.unfailKey(KEY);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await chat()).status;
    }
    expect(status).toBe(200);
    expect(fake.requests.some((r) => r.method === 'GET' && r.apiKey === KEY)).toBe(true);
    const row = (await gw.store.adminLogs.list({ operation: 'key.reactivate', limit: 5 }))[0];
    expect(row).toMatchObject({ actor: 'gateway', target: 'probed' });
  });

  it('a key invalid for no quota is probed with a real one-token completion: a models listing that answers proves nothing', async () => {
    const QUOTA_KEY = 'sk-probe-quota-dddd-0004';
    await gw.addProvider({ name: 'quota', baseUrl: fake.url, keys: [QUOTA_KEY], models: [{ id: 'q1', prompt: 1, completion: 1 }] });
    const ask = () =>
      gw.raw('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'quota/q1', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const keyRow = async () => (await gw.store.keys.list((await gw.store.providers.getByName('quota'))!.id))[0]!;
    // Completions are refused for want of balance; the model list still answers 200.
    fake.reset();
    fake.setDefault({ kind: 'status', status: 403, body: '{"error":{"message":"insufficient account balance"}}' });
    expect((await ask()).status).toBe(403);
    expect((await keyRow()).invalid).toMatchObject({ reason: 'no_quota' });
    await new Promise((r) => setTimeout(r, 700));
    expect((await keyRow()).invalid).not.toBeNull();
    const probes = fake.requests.filter((r) => r.apiKey === QUOTA_KEY && r.method === 'POST');
    expect(probes.length).toBeGreaterThan(1);
    expect(probes.at(-1)!.body).toMatchObject({ model: 'q1', max_tokens: 1 });
    expect(fake.requests.some((r) => r.apiKey === QUOTA_KEY && r.method === 'GET')).toBe(false);
    // The balance is topped up: the next probe's completion succeeds and re-activates the key.
    fake.setDefault({ kind: 'auto' });
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await ask()).status;
    }
    expect(status).toBe(200);
    expect((await keyRow()).invalid).toBeNull();
    const row = (await gw.store.adminLogs.list({ operation: 'key.reactivate', limit: 5 })).find((r) => r.target === 'quota');
    expect(row).toMatchObject({ actor: 'gateway', detail: { was: 'no_quota' } });
  });
});
