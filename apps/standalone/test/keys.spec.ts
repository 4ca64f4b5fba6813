import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

describe('upstream key pools', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({ logging: { key_display: 'plain' } });
    const models = [{ id: 'gpt-4o-mini', prompt: 1, completion: 1 }];
    await gw.addProvider({ name: 'first', baseUrl: `${fake.url}/v1`, keys: ['k-a', 'k-b', 'k-c'], strategy: 'first', models });
    await gw.addProvider({ name: 'rr', baseUrl: `${fake.url}/v1`, keys: ['r-a', 'r-b', 'r-c'], strategy: 'round_robin', models });
    await gw.addProvider({ name: 'rand', baseUrl: `${fake.url}/v1`, keys: ['x-a', 'x-b', 'x-c'], strategy: 'random', models });
    await gw.addProvider({ name: 'many', baseUrl: `${fake.url}/v1`, keys: ['m-1', 'm-2', 'm-3', 'm-4'], models });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  async function call(model: string): Promise<void> {
    await gw.client(token).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
  }

  it('first: every call carries the first key', async () => {
    for (let i = 0; i < 4; i++) await call('first/gpt-4o-mini');
    expect(fake.requests.map((r) => r.apiKey)).toEqual(['k-a', 'k-a', 'k-a', 'k-a']);
  });

  it('round_robin: calls rotate through the keys', async () => {
    for (let i = 0; i < 6; i++) await call('rr/gpt-4o-mini');
    expect(fake.requests.map((r) => r.apiKey)).toEqual(['r-a', 'r-b', 'r-c', 'r-a', 'r-b', 'r-c']);
  });

  it('random: calls spread over the keys', async () => {
    for (let i = 0; i < 40; i++) await call('rand/gpt-4o-mini');
    const used = new Set(fake.requests.map((r) => r.apiKey));
    expect(used.size).toBeGreaterThan(1);
    for (const key of used) expect(['x-a', 'x-b', 'x-c']).toContain(key);
  });

  it('fails over to the next key on 429 and 5xx, and logs the attempts and the key that answered', async () => {
    fake.failKey('k-a', { kind: 'status', status: 429, body: '{"error":{"message":"rate limited"}}', contentType: 'application/json' });
    fake.failKey('k-b', { kind: 'status', status: 500, body: 'boom' });
    await call('first/gpt-4o-mini');
    expect(fake.requests.map((r) => r.apiKey)).toEqual(['k-a', 'k-b', 'k-c']);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ status_code: 200, attempts: 3, api_key: 'k-c' });
  });

  it('tries at most 3 keys and reports the last upstream error', async () => {
    for (const k of ['m-1', 'm-2', 'm-3', 'm-4']) fake.failKey(k, { kind: 'status', status: 503, body: 'overloaded' });
    await expect(call('many/gpt-4o-mini')).rejects.toMatchObject({ status: 502 });
    expect(fake.requests.map((r) => r.apiKey)).toEqual(['m-1', 'm-2', 'm-3']);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ status_code: 502, attempts: 3, upstream_status: 503, upstream_error: 'overloaded' });
  });

  it('does not retry a 400 from the upstream and keeps its status', async () => {
    fake.enqueue({ kind: 'status', status: 400, body: '{"error":{"message":"bad param"}}', contentType: 'application/json' });
    await expect(call('first/gpt-4o-mini')).rejects.toMatchObject({ status: 400 });
    expect(fake.requests).toHaveLength(1);
  });
});
