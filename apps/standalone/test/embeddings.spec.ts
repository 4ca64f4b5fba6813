import { countTextTokens } from '@aigw/adapters';
import { fakeEmbeddingTokens, fakeEmbeddingVector, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 12: POST /v1/embeddings through the official openai SDK, passed through and billed by its usage. */
describe('openai SDK -> /v1/embeddings', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  // per million tokens: 1000 keeps the costs of a few tokens visible
  const PROMPT_PRICE = 1000;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'oa', baseUrl: `${fake.url}/v1`, keys: ['sk-oa-embed-0001'], models: [{ id: 'text-embedding-3-small', prompt: PROMPT_PRICE, completion: 5000 }, { id: 'other' }] });
    await gw.addProvider({ name: 'zp', apiType: 'zhipu', baseUrl: fake.url, keys: ['zp-embed-key-0001'], models: [{ id: 'embedding-3', prompt: PROMPT_PRICE }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-embed-0001'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15 }] });
    token = (await gw.addToken({ max_amount: 100 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const input = ['the quick brown fox', 'jumps over'];

  it('float: vectors, usage, the upstream model and every other field as sent; the row billed at the prompt price', async () => {
    const res = await gw.client(token).embeddings.create({ model: 'oa/text-embedding-3-small', input, encoding_format: 'float', dimensions: 3, user: 'user-7' });
    expect(res.data.map((d) => d.embedding)).toEqual([fakeEmbeddingVector(0, 3), fakeEmbeddingVector(1, 3)]);
    expect(res.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/embeddings');
    expect(sent.apiKey).toBe('sk-oa-embed-0001');
    expect(sent.body).toEqual({ model: 'text-embedding-3-small', input, encoding_format: 'float', dimensions: 3, user: 'user-7' });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'embeddings', provider: 'oa', upstream_model: 'text-embedding-3-small', status_code: 200 });
    expect(row).toMatchObject({ prompt_tokens: 6, completion_tokens: 0, total_tokens: 6, usage_source: 'upstream' });
    expect(row.amount_spent).toBeCloseTo((6 * PROMPT_PRICE) / 1e6, 12);
  });

  it('is listed with its cost by GET /v1/token/usage', async () => {
    const own = await gw.addToken({ max_amount: 100 });
    await gw.client(own.key).embeddings.create({ model: 'oa/text-embedding-3-small', input, encoding_format: 'float' });
    await gw.logs();
    const usage = (await (await gw.raw('/v1/token/usage', { headers: { authorization: `Bearer ${own.key}` } })).json()) as { total_cost: number; items: { amount_spent: number }[] };
    expect(usage.items).toEqual([expect.objectContaining({ model: 'oa/text-embedding-3-small', prompt_tokens: 6 })]);
    expect(usage.items[0]!.amount_spent).toBeCloseTo(usage.total_cost, 12);
    expect(usage.total_cost).toBeGreaterThan(0);
  });

  it('base64 (the SDK default): sent as base64, decoded by the SDK from the bytes the upstream sent', async () => {
    const res = await gw.client(token).embeddings.create({ model: 'oa/text-embedding-3-small', input: 'one two three' });
    expect((fake.requests[0]!.body as Record<string, unknown>).encoding_format).toBe('base64');
    expect(res.data[0]!.embedding).toEqual(fakeEmbeddingVector(0).map(Math.fround));
    expect(res.usage.prompt_tokens).toBe(fakeEmbeddingTokens('one two three'));
    const explicit = await gw.client(token).embeddings.create({ model: 'oa/text-embedding-3-small', input: [[1, 2, 3, 4]], encoding_format: 'base64' });
    expect(explicit.data[0]!.embedding).toBe(Buffer.from(new Float32Array(fakeEmbeddingVector(0)).buffer).toString('base64'));
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'embeddings', prompt_tokens: 4, completion_tokens: 0 });
  });

  it('the answer reaches the client byte for byte (not re-serialized)', async () => {
    const answer = '{\n  "object": "list",\n  "data": [ { "object": "embedding", "index": 0, "embedding": [ 0.5, 1.50 ] } ],\n  "model": "text-embedding-3-small",\n  "usage": { "prompt_tokens": 2, "total_tokens": 2 }\n}\n';
    fake.enqueue({ kind: 'status', status: 200, body: answer, contentType: 'application/json' });
    const res = await gw.raw('/v1/embeddings', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'oa/text-embedding-3-small', input: 'a b' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(answer);
    expect((await gw.logs()).at(-1)).toMatchObject({ prompt_tokens: 2, usage_source: 'upstream' });
  });

  it('zhipu: its v4 embeddings path with a Bearer key, usage logged', async () => {
    const res = await gw.client(token).embeddings.create({ model: 'zp/embedding-3', input, encoding_format: 'float' });
    expect(res.data).toHaveLength(2);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/api/paas/v4/embeddings');
    expect(sent.headers.authorization).toBe('Bearer zp-embed-key-0001');
    expect((sent.body as Record<string, unknown>).model).toBe('embedding-3');
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'embeddings', provider: 'zp', prompt_tokens: 6, completion_tokens: 0, total_tokens: 6, usage_source: 'upstream' });
    expect(row.amount_spent).toBeCloseTo((6 * PROMPT_PRICE) / 1e6, 12);
  });

  it('an anthropic-type provider serves no embeddings: 400 naming it, no upstream call', async () => {
    const err = await gw.client(token).embeddings.create({ model: 'claude/claude-sonnet-4', input: 'hi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', param: 'model' });
    expect((err as Error).message).toContain('provider "claude" (anthropic) serves no embeddings');
    expect(fake.requests).toHaveLength(0);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'embeddings', status_code: 400, provider: 'claude' });
  });

  it('checks the envelope: input required, and of a shape embeddings take', async () => {
    const post = (body: unknown) => gw.raw('/v1/embeddings', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const missing = await post({ model: 'oa/text-embedding-3-small' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { message: 'input is required', param: 'input' } });
    const wrong = await post({ model: 'oa/text-embedding-3-small', input: [1, 'a'] });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { message: expect.stringContaining('input must be a string, an array of strings'), param: 'input' } });
    expect(fake.requests).toHaveLength(0);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'embeddings', status_code: 400 });
  });

  it('usage without a trustworthy figure is estimated from the input, never with a completion', async () => {
    fake.enqueue({ kind: 'openai-json', body: { object: 'list', data: [], model: 'm', usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } } });
    await gw.client(token).embeddings.create({ model: 'oa/text-embedding-3-small', input: 'hello there', encoding_format: 'float' });
    expect((await gw.logs()).at(-1)).toMatchObject({ prompt_tokens: countTextTokens('hello there'), completion_tokens: 0, usage_source: 'estimated' });
    fake.enqueue({ kind: 'openai-json', body: { object: 'list', data: [], model: 'm' } });
    await gw.client(token).embeddings.create({ model: 'oa/text-embedding-3-small', input: [[5, 6, 7]], encoding_format: 'float' });
    expect((await gw.logs()).at(-1)).toMatchObject({ prompt_tokens: 3, completion_tokens: 0, usage_source: 'estimated' });
  });

  it('the allow-list applies: a model not on it is refused before any upstream call', async () => {
    const limited = (await gw.addToken({ allowed_models: ['oa/other'] })).key;
    const err = await gw.client(limited).embeddings.create({ model: 'oa/text-embedding-3-small', input: 'hi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'model_not_allowed' });
    expect(fake.requests).toHaveLength(0);
  });

  it('a model without a price cannot be used by a client token', async () => {
    const err = await gw.client(token).embeddings.create({ model: 'oa/other', input: 'hi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'price_not_set' });
  });

  it('the budget applies: the call that uses it up is charged what was left, the next one is 402', async () => {
    // 'a b c d e' costs 5 x 1000 per million = 0.005; the budget holds 0.002 of it.
    const small = await gw.addToken({ max_amount: 0.002 });
    await gw.client(small.key).embeddings.create({ model: 'oa/text-embedding-3-small', input: 'a b c d e', encoding_format: 'float' });
    const err = await gw.client(small.key).embeddings.create({ model: 'oa/text-embedding-3-small', input: 'a', encoding_format: 'float' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 402, code: 'insufficient_balance' });
    expect(fake.requests).toHaveLength(1);
    const rows = (await gw.logs()).filter((r) => r.token_id === small.id);
    expect(rows.map((r) => r.status_code)).toEqual([200, 402]);
    expect(rows[0]!.amount_spent).toBeCloseTo(0.002, 10);
    expect((await gw.store.tokens.get(small.id))!.amount_spent).toBeCloseTo(0.002, 10);
  });
});
