import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Issue 11: the gateway owns request identity; the client's id is only a label. */
describe('request identity decides billing: the server mints it', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  const perCall = (45 * 1000) / 1e6; // 5 + 40 tokens at 1000 per million

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-identity-key-0001'], models: [{ id: 'm', prompt: 1000, completion: 1000 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  async function chat(key: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
    return gw.raw('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body ?? JSON.stringify({ model: 'up/m', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }),
    });
  }

  it('50 chats with one x-request-id under a budget for 10: 50 rows, the books agree, 402 once it is used', async () => {
    const token = await gw.addToken({ max_amount: perCall * 10 });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await chat(token.key, { 'x-request-id': 'same-id-every-time' });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual(Array(40).fill(402));

    const rows = (await gw.logs()).filter((r) => r.token_id === token.id);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(50);
    expect(rows.every((r) => r.client_request_id === 'same-id-every-time')).toBe(true);
    const logged = rows.reduce((sum, r) => sum + (r.amount_spent ?? 0), 0);
    const stored = (await gw.store.tokens.get(token.id))!;
    expect(logged).toBeCloseTo(perCall * 10, 9);
    expect(stored.amount_spent).toBeCloseTo(logged, 9);
  });

  it('answers with its own x-request-id and echoes the client id as x-client-request-id', async () => {
    const token = await gw.addToken();
    const res = await chat(token.key, { 'x-request-id': 'client-abc.1' });
    await res.arrayBuffer();
    expect(res.headers.get('x-request-id')).toMatch(UUID);
    expect(res.headers.get('x-client-request-id')).toBe('client-abc.1');
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_id: res.headers.get('x-request-id'), client_request_id: 'client-abc.1', token_id: token.id });

    const preferred = await chat(token.key, { 'x-request-id': 'ignored', 'x-client-request-id': 'preferred-1' });
    await preferred.arrayBuffer();
    expect(preferred.headers.get('x-client-request-id')).toBe('preferred-1');
  });

  it('drops a client id that is too long or has odd characters', async () => {
    const token = await gw.addToken();
    for (const bad of ['x'.repeat(129), 'has space', 'semi;colon']) {
      const res = await chat(token.key, { 'x-request-id': bad });
      await res.arrayBuffer();
      expect(res.headers.get('x-request-id')).toMatch(UUID);
      expect(res.headers.get('x-client-request-id')).toBeNull();
    }
    const rows = (await gw.logs()).filter((r) => r.token_id === token.id);
    expect(rows.map((r) => r.client_request_id)).toEqual([null, null, null]);
  });

  it("reusing another token's request id logs to the caller's own token", async () => {
    const victim = await gw.addToken();
    const caller = await gw.addToken();
    const first = await chat(victim.key);
    await first.arrayBuffer();
    const victimId = first.headers.get('x-request-id')!;
    const second = await chat(caller.key, { 'x-request-id': victimId });
    await second.arrayBuffer();
    expect(second.status).toBe(200);
    const rows = await gw.logs();
    expect(rows.filter((r) => r.token_id === victim.id)).toHaveLength(1);
    const callerRows = rows.filter((r) => r.token_id === caller.id);
    expect(callerRows).toHaveLength(1);
    expect(callerRows[0]).toMatchObject({ client_request_id: victimId });
    expect(callerRows[0]!.request_id).not.toBe(victimId);
    expect((await gw.store.tokens.get(caller.id))!.amount_spent).toBeCloseTo(perCall, 9);
  });

  it('a malformed-JSON request with a valid token is logged against that token', async () => {
    const token = await gw.addToken();
    const res = await chat(token.key, {}, '{"model": "up/m", "messages": [');
    expect(res.status).toBe(400);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ status_code: 400, token_id: token.id, token_name: token.name });
    expect(row.token_hint).toMatch(/^sk-.\.\.\..{4}$/);
  });

  it('on /v1/messages with x-api-key: a malformed body and a 402 are logged against the token, the 402 with its model', async () => {
    const token = await gw.addToken({ max_amount: 0 });
    const post = (body: string) =>
      gw.raw('/v1/messages', { method: 'POST', headers: { 'x-api-key': token.key, 'content-type': 'application/json' }, body });
    expect((await post('{"model":')).status).toBe(400);
    expect((await post(JSON.stringify({ model: 'up/m', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }))).status).toBe(402);
    const rows = (await gw.logs()).slice(-2);
    expect(rows.map((r) => [r.status_code, r.token_id, r.model])).toEqual([
      [400, token.id, null],
      [402, token.id, 'up/m'],
    ]);
  });

  it('a 402 row names the model that was asked for', async () => {
    const token = await gw.addToken({ max_amount: 0 });
    const res = await chat(token.key);
    expect(res.status).toBe(402);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ status_code: 402, token_id: token.id, model: 'up/m' });
  });
});
