import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Issue 12: GET /v1/models for Anthropic clients (x-api-key, Anthropic's list shape) and OpenAI ones. */
describe('GET /v1/models through both SDKs', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'oa', baseUrl: `${fake.url}/v1`, keys: ['sk-oa-list-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-list-0001'], models: [{ id: 'claude-sonnet-4', prompt: 3 }] });
    await gw.store.aliases.put('smart', 'claude/claude-sonnet-4');
    await gw.proxy.state.reload();
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('@anthropic-ai/sdk with x-api-key: ModelInfo entries, one page', async () => {
    const page = await gw.anthropic(token).models.list();
    expect(page.data.map((m) => m.id)).toEqual(['claude/claude-sonnet-4', 'oa/gpt-4o-mini', 'smart']);
    for (const m of page.data) {
      expect(m).toMatchObject({ type: 'model', display_name: m.id, lifecycle: 'active', capabilities: null, max_tokens: null });
      expect(m.created_at).toMatch(RFC3339);
    }
    expect(new Date(page.data[0]!.created_at).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(page.data[2]!.created_at).toBe('1970-01-01T00:00:00.000Z');
    expect(page).toMatchObject({ has_more: false, first_id: 'claude/claude-sonnet-4', last_id: 'smart' });
    expect(page.hasNextPage()).toBe(false);
    const all: string[] = [];
    for await (const m of gw.anthropic(token).models.list()) all.push(m.id);
    expect(all).toHaveLength(3);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'models', status_code: 200, token_hint: expect.any(String) });
  });

  it('the openai SDK gets the OpenAI list as before', async () => {
    const page = await gw.client(token).models.list();
    expect(page.data).toEqual([
      { id: 'claude/claude-sonnet-4', object: 'model', created: expect.any(Number), owned_by: 'claude' },
      { id: 'oa/gpt-4o-mini', object: 'model', created: expect.any(Number), owned_by: 'oa' },
      { id: 'smart', object: 'model', created: 0, owned_by: 'alias' },
    ]);
  });

  it('x-api-key without anthropic-version is accepted and answered in the OpenAI shape', async () => {
    const res = await gw.raw('/v1/models', { headers: { 'x-api-key': token } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: 'list', data: expect.any(Array) });
  });

  it('the allow-list filters the Anthropic list too', async () => {
    const limited = (await gw.addToken({ allowed_models: ['smart'] })).key;
    const page = await gw.anthropic(limited).models.list();
    expect(page).toMatchObject({ data: [{ id: 'smart' }], first_id: 'smart', last_id: 'smart', has_more: false });
  });

  it('errors of an anthropic-version request are in the Anthropic shape, others in the OpenAI shape', async () => {
    const anthropic = await gw.raw('/v1/models', { headers: { 'anthropic-version': '2023-06-01' } });
    expect(anthropic.status).toBe(401);
    expect(await anthropic.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('missing gateway token') } });
    const sdkErr = await gw.anthropic('aigw-not-a-token').models.list().catch((e: unknown) => e);
    expect(sdkErr).toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error' } } });
    const openai = await gw.raw('/v1/models');
    expect(openai.status).toBe(401);
    expect(await openai.json()).toMatchObject({ error: { type: 'authentication_error', code: 'missing_token' } });
  });
});
