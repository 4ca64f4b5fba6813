import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

/** Issue 3: from an empty database to a client chatting under a budget, through HTTP only. */
describe('operator walk-through over HTTP', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeUpstream({ models: ['gpt-4o-mini', 'gpt-4o'] });
    // Every answer costs the same: 5 prompt + 40 completion tokens.
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await gw.raw(`/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${gw.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('provider, discovery, price, token, chat until the budget is used, then 402 with books that agree', async () => {
    const created = await admin('POST', '/providers', { name: 'fake', api_type: 'openai', base_url: `${fake.url}/v1`, key_strategy: 'round_robin', keys: ['sk-fake-key-one-1111', 'sk-fake-key-two-2222'] });
    expect(created.status).toBe(201);

    const discovered = await admin('GET', '/providers/fake/upstream-models');
    expect(discovered.status).toBe(200);
    expect((discovered.json.data as { id: string; in_catalog: boolean }[]).map((m) => [m.id, m.in_catalog])).toEqual([
      ['gpt-4o-mini', false],
      ['gpt-4o', false],
    ]);
    expect((await admin('POST', '/providers/fake/models', { ids: ['gpt-4o-mini'] })).status).toBeLessThan(300);

    const price = await admin('PUT', '/prices', { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1000, completion_per_million: 1000 });
    expect(price.status).toBe(200);

    // 45 tokens at 1000 per million = 0.045 per call; a budget of 0.2 covers four calls and part of a fifth.
    const token = await admin('POST', '/tokens', { name: 'walker', allowed_models: ['fake/gpt-4o-mini'], max_amount: 0.2 });
    expect(token.status).toBe(201);
    const key = token.json.key as string;
    expect(key).toMatch(/^sk-[0-9A-Za-z]{48}$/);

    const client = gw.client(key);
    let served = 0;
    let refusal: unknown;
    for (let i = 0; i < 10 && !refusal; i++) {
      try {
        await client.chat.completions.create({ model: 'fake/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
        served++;
        await gw.flushLogs();
      } catch (err) {
        refusal = err;
      }
    }
    expect(served).toBe(5);
    expect(refusal).toMatchObject({ status: 402, code: 'insufficient_balance' });
    // Both upstream keys were used (round robin).
    expect(new Set(fake.requests.map((r) => r.apiKey))).toEqual(new Set(['sk-fake-key-one-1111', 'sk-fake-key-two-2222']));

    const rows = (await gw.logs()).filter((r) => r.token_id === token.json.id);
    const logged = rows.reduce((sum, r) => sum + (r.amount_spent ?? 0), 0);
    expect(logged).toBeCloseTo(0.2, 9);

    const balance = (await (await gw.raw('/v1/token/balance', { headers: { authorization: `Bearer ${key}` } })).json()) as Record<string, number>;
    expect(balance).toMatchObject({ name: 'walker', max_amount: 0.2, enabled: false, disabled_reason: 'exhausted', currency: 'USD' });
    expect(balance.amount_spent).toBeCloseTo(logged, 9);
    expect(balance.remaining).toBeCloseTo(0, 9);

    const usage = (await (await gw.raw('/v1/token/usage?limit=500', { headers: { authorization: `Bearer ${key}` } })).json()) as {
      limit: number;
      total_cost: number;
      items: Record<string, unknown>[];
    };
    expect(usage.limit).toBe(200);
    expect(usage.total_cost).toBeCloseTo(logged, 9);
    expect(usage.items.length).toBe(6);
    expect(usage.items[0]).not.toHaveProperty('path');
    expect(usage.items[0]).not.toHaveProperty('method');
    expect(usage.items[0]!.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const shown = await admin('GET', `/tokens/${token.json.id as number}`);
    expect(shown.json).toMatchObject({ disabled_reason: 'exhausted', enabled: false, status: 'exhausted' });
  });

  it('changes made through the admin API take effect on the next chat request', async () => {
    const tok = (await admin('POST', '/tokens', { name: 'changes' })).json;
    const key = tok.key as string;
    const call = (model: string) => gw.client(key).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

    await expect(call('fake/gpt-4o')).rejects.toMatchObject({ status: 403, code: 'price_not_set' });
    await admin('POST', '/providers/fake/models', { ids: ['gpt-4o'] });
    await admin('PUT', '/prices', { provider: 'fake', model: 'gpt-4o', prompt_per_million: 1, completion_per_million: 1 });
    await expect(call('fake/gpt-4o')).resolves.toBeTruthy();

    await admin('PUT', '/aliases/smart', { target: 'fake/gpt-4o' });
    await expect(call('smart')).resolves.toBeTruthy();
    await admin('DELETE', '/aliases/smart');
    await expect(call('smart')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });

    await admin('POST', `/tokens/${tok.id as number}/disable`);
    await expect(call('fake/gpt-4o')).rejects.toMatchObject({ status: 403, code: 'token_disabled' });
    await admin('POST', `/tokens/${tok.id as number}/enable`);
    await admin('PATCH', `/tokens/${tok.id as number}`, { allowed_models: ['fake/gpt-4o-mini'] });
    await expect(call('fake/gpt-4o')).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
    await admin('PATCH', `/tokens/${tok.id as number}`, { allowed_models: null });

    fake.reset();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    const keys = (await admin('GET', '/providers/fake/keys')).json.data as { id: number }[];
    await admin('DELETE', `/providers/fake/keys/${keys[0]!.id}`);
    await call('fake/gpt-4o');
    await call('fake/gpt-4o');
    expect(fake.requests.map((r) => r.apiKey)).toEqual(['sk-fake-key-two-2222', 'sk-fake-key-two-2222']);

    await admin('PATCH', '/providers/fake', { base_url: 'http://127.0.0.1:1/v1' });
    await expect(call('fake/gpt-4o')).rejects.toMatchObject({ status: 502 });
    await admin('PATCH', '/providers/fake', { base_url: `${fake.url}/v1` });
    await expect(call('fake/gpt-4o')).resolves.toBeTruthy();

    await admin('DELETE', '/providers/fake');
    await expect(call('fake/gpt-4o')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('the admin token is refused on the token endpoints and logged as admin_token', async () => {
    const res = await gw.raw('/v1/token/balance', { headers: { authorization: `Bearer ${gw.adminToken}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('admin_token_not_allowed');
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'token_balance', token_id: null, token_hint: 'admin_token', status_code: 403 });
  });
});
