import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { chatStatus, completion, startTestGateway, type TestGateway } from './harness';

/** Issue 11: spending reset by an operator, and money shown without float noise (standalone). */
describe('budget reset and money figures', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  const perCall = 45 * 1000 / 1e6; // 5 + 40 tokens at 1000 per million: 0.045

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-budget-key-0001'], models: [{ id: 'm', prompt: 1000, completion: 1000 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  const chat = (key: string) => chatStatus(gw, key, 'up/m');

  const admin = (path: string, body?: unknown) =>
    gw.raw(`/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('serves an exhausted token again right after POST /admin/tokens/:id/reset-spending', async () => {
    const token = await gw.addToken({ max_amount: perCall * 2 });
    expect([await chat(token.key), await chat(token.key), await chat(token.key)]).toEqual([200, 200, 402]);
    await gw.flushLogs();
    expect((await gw.store.tokens.get(token.id))?.disabled_reason).toBe('exhausted');
    const res = await admin(`/tokens/${token.id}/reset-spending`);
    expect(res.status).toBe(200);
    expect(await chat(token.key)).toBe(200);
    await gw.flushLogs();
    expect((await gw.store.tokens.get(token.id))?.amount_spent).toBeCloseTo(perCall, 9);
  });

  it('a token-usage notice read before a reset but delivered after the reload leaves the token served', async () => {
    const token = await gw.addToken({ max_amount: perCall });
    // The log-writer's read of the token after the exhausting request is held back until the
    // operator has reset the token and the proxy has reloaded: its notice then arrives stale.
    const tokens = gw.store.tokens;
    const get = tokens.get.bind(tokens);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let readStale!: () => void;
    const staleRead = new Promise<void>((r) => (readStale = r));
    tokens.get = async (id: number) => {
      tokens.get = get;
      const row = await get(id);
      readStale();
      await gate;
      return row;
    };
    try {
      expect(await chat(token.key)).toBe(200);
      await staleRead;
      expect((await admin(`/tokens/${token.id}/reset-spending`)).status).toBe(200);
      await gw.proxy.state.reload();
    } finally {
      tokens.get = get;
      release();
    }
    await gw.flushLogs();
    expect(await chat(token.key)).toBe(200);
  });

  it('shows balance and usage rounded to the 10 places money keeps', async () => {
    const token = await gw.addToken({ max_amount: 0.3 });
    for (let i = 0; i < 3; i++) expect(await chat(token.key)).toBe(200);
    await gw.flushLogs();
    const headers = { authorization: `Bearer ${token.key}` };
    const balance = (await (await gw.raw('/v1/token/balance', { headers })).json()) as Record<string, number>;
    const usage = (await (await gw.raw('/v1/token/usage', { headers })).json()) as { total_cost: number; items: { amount_spent: number }[] };
    // 0.3 - 0.135 is 0.16499999999999998 in floats
    expect(balance.amount_spent).toBe(0.135);
    expect(balance.remaining).toBe(0.165);
    expect(usage.total_cost).toBe(0.135);
    expect(usage.items.map((i) => i.amount_spent)).toEqual([0.045, 0.045, 0.045]);
  });
});
