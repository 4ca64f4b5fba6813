import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';
import { parsePrometheus, sumOf } from './prometheus-text';

/** Issue 13, Key health: invalid keys, 429 cooling and the circuit breaker against the fake upstream. */
describe('key health (standalone)', () => {
  const KEYS = ['sk-health-key-aaaa-0001', 'sk-health-key-bbbb-0002'];
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  let provider = 0;
  let name = '';

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({ routing: { breaker_failures: 2, breaker_open_seconds: 1 } });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  // A fresh provider per test: key states never leak from one test into the next.
  beforeEach(async () => {
    fake.reset();
    name = `hp${++provider}`;
    await gw.addProvider({ name, baseUrl: fake.url, keys: KEYS, strategy: 'round_robin', models: [{ id: 'm1', prompt: 1, completion: 1 }] });
  });

  const chat = () =>
    gw.raw('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${name}/m1`, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const admin = (path: string, method = 'GET') => gw.raw(`/admin/providers/${name}${path}`, { method, headers: { authorization: `Bearer ${gw.adminToken}` } });
  async function keyStates(): Promise<{ id: number; hint: string; state: string; reason: string | null; successes: number; failures: number; until: string | null; breaker: string; last_error: { message: string } | null; since: string | null }[]> {
    return ((await (await admin('/keys')).json()) as { data: never[] }).data;
  }
  const statuses = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await chat()).status);
    return out;
  };

  it('a key answering 401 is invalid after one request, never tried again, logged with actor gateway, and back after enable', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEYS[0]}` } }) });
    // The revoked key's own request fails over to the next key, as a 429 or a 5xx does.
    const first = await chat();
    expect(first.status).toBe(200);
    expect(await first.text()).not.toContain(KEYS[0]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    expect(fake.callsWithKey(KEYS[1]!)).toBe(1);
    expect(await statuses(6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    expect(fake.callsWithKey(KEYS[1]!)).toBe(7);

    const [bad, good] = await keyStates();
    expect(bad).toMatchObject({ state: 'invalid', reason: 'unauthorized', failures: 1 });
    expect(bad!.since).not.toBeNull();
    expect(bad!.last_error?.message).toContain('Incorrect API key');
    expect(bad!.last_error?.message).not.toContain(KEYS[0]);
    expect(good).toMatchObject({ state: 'active', reason: null, successes: 7, failures: 0 });

    const logs = await gw.store.adminLogs.list({ operation: 'key.invalidate', limit: 10 });
    const row = logs.find((r) => r.target === name);
    expect(row).toMatchObject({ actor: 'gateway', operation: 'key.invalidate', target: name });
    expect(row?.detail).toMatchObject({ key_id: bad!.id, reason: 'unauthorized' });
    expect(JSON.stringify(row)).not.toContain(KEYS[0]);

    // Kept in the database: the routing snapshot leaves it out after a reload too.
    await gw.proxy.state.reload();
    await statuses(2);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);

    fake.unfailKey(KEYS[0]!);
    const enabled = await admin(`/keys/${bad!.id}/enable`, 'POST');
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toMatchObject({ id: bad!.id, enabled: true, state: 'active' });
    const enableRow = (await gw.store.adminLogs.list({ operation: 'key.enable', limit: 10 })).find((r) => r.target === name);
    expect(enableRow).toMatchObject({ actor: 'admin', status_code: 200 });
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(3);
  });

  it('a 403 saying the key has no quota fails over too; a 403 that blames the request does not', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 403, body: '{"error":{"message":"insufficient balance on this account"}}' });
    expect(await statuses(3)).toEqual([200, 200, 200]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    expect((await keyStates())[0]).toMatchObject({ state: 'invalid', reason: 'no_quota' });
    fake.failKey(KEYS[1]!, { kind: 'status', status: 403, body: '{"error":{"message":"this region may not use the model"}}' });
    expect((await chat()).status).toBe(403);
    expect((await keyStates())[1]).toMatchObject({ state: 'active' });
  });

  it('/metrics counts the keys of each provider by state (aigw_upstream_keys)', async () => {
    const keysIn = async (state: string) => sumOf(parsePrometheus(await (await gw.raw('/metrics')).text()), 'aigw_upstream_keys', { provider: name, state });
    expect([await keysIn('active'), await keysIn('invalid'), await keysIn('cooling'), await keysIn('disabled')]).toEqual([2, 0, 0, 0]);
    fake.failKey(KEYS[0]!, { kind: 'status', status: 401, body: '{"error":{"message":"invalid api key"}}' });
    await statuses(1);
    expect([await keysIn('active'), await keysIn('invalid')]).toEqual([1, 1]);
    fake.failKey(KEYS[1]!, { kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '30' } });
    await statuses(1);
    expect([await keysIn('active'), await keysIn('invalid'), await keysIn('cooling')]).toEqual([0, 1, 1]);
    const [, second] = await keyStates();
    await admin(`/keys/${second!.id}/disable`, 'POST');
    expect([await keysIn('invalid'), await keysIn('cooling'), await keysIn('disabled')]).toEqual([1, 0, 1]);
  });

  it('disable keeps a key out until enabled', async () => {
    const [first] = await keyStates();
    const res = await admin(`/keys/${first!.id}/disable`, 'POST');
    expect(res.status).toBe(200);
    expect((await keyStates())[0]).toMatchObject({ state: 'disabled', reason: 'operator' });
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(0);
    expect((await admin('/keys/99999/enable', 'POST')).status).toBe(404);
  });

  it('a 429 with retry-after: 2 cools that key for 2 s while the other key serves', async () => {
    fake.enqueue({ kind: 'status', status: 429, body: '{"error":{"message":"slow down"}}', headers: { 'retry-after': '2' } });
    // The first key answers 429 and the request fails over to the second.
    expect((await chat()).status).toBe(200);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    const [cooling] = await keyStates();
    expect(cooling).toMatchObject({ state: 'cooling', reason: 'rate_limited' });
    expect(cooling!.until).not.toBeNull();
    expect(await statuses(4)).toEqual([200, 200, 200, 200]);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(1);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await keyStates())[0]!.state).toBe('active');
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBeGreaterThan(1);
  });

  it('every key cooling: 429 upstream_rate_limited with the soonest retry-after', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '30' } });
    fake.failKey(KEYS[1]!, { kind: 'status', status: 429, body: '{}', headers: { 'retry-after': '5' } });
    const first = await chat();
    expect(first.status).toBe(429);
    const calls = fake.requests.length;
    const refused = await chat();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    const body = (await refused.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'upstream_rate_limited', type: 'rate_limit_error' });
    expect(fake.requests.length).toBe(calls);
    const row = (await gw.logs()).at(-1)!;
    expect(row.status_code).toBe(429);
  });

  it('the breaker opens after N 5xx and half-opens after T', async () => {
    fake.failKey(KEYS[0]!, { kind: 'status', status: 503, body: '{"error":{"message":"down"}}' });
    // breaker_failures = 2: two requests that begin on the first key (round robin) open it.
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(2);
    const [open] = await keyStates();
    expect(open).toMatchObject({ state: 'cooling', reason: 'circuit_open', breaker: 'open' });
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(2);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await keyStates())[0]!.breaker).toBe('half_open');
    fake.unfailKey(KEYS[0]!);
    // One probe goes to the key; its success closes the breaker and the key serves again.
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(4);
    expect((await keyStates())[0]).toMatchObject({ state: 'active', breaker: 'closed' });
  });

  it('connection errors open the breaker too; a failed probe opens it again', async () => {
    fake.failKey(KEYS[0]!, { kind: 'close-socket' });
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(2);
    await new Promise((r) => setTimeout(r, 1100));
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(3);
    expect((await keyStates())[0]).toMatchObject({ breaker: 'open' });
    // One open period later the key is probed again (the failed probe's claim does not outlive it).
    fake.unfailKey(KEYS[0]!);
    await new Promise((r) => setTimeout(r, 1100));
    await statuses(4);
    expect(fake.callsWithKey(KEYS[0]!)).toBe(5);
    expect((await keyStates())[0]).toMatchObject({ state: 'active', breaker: 'closed' });
  });
});
