import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 12: POST /v1/responses errors reach the openai SDK in OpenAI's error shape, as its APIError subclasses. */
describe('openai SDK responses: errors', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'chat', baseUrl: `${fake.url}/v1`, keys: ['sk-chat-side-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-up-side-0001'], responsesApi: true, models: [{ id: 'gpt-5', prompt: 1, completion: 2 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const fail = (body: Record<string, unknown>, key = token) =>
    gw
      .client(key)
      .responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .catch((e: unknown) => e);

  it('an unknown model is a NotFoundError model_not_found, logged as responses', async () => {
    const err = await fail({ model: 'ghost/nope', input: 'hi' });
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err).toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error' });
    expect(fake.requests).toHaveLength(0);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'responses', status_code: 404, model: 'ghost/nope' });
  });

  it.each([
    ['a missing model', { input: 'hi' }, 'model'],
    ['a model that is not a string', { model: 7, input: 'hi' }, 'model'],
    ['an input that is neither string nor array', { model: 'chat/gpt-4o-mini', input: 42 }, 'input'],
    ['a stream that is not a boolean', { model: 'chat/gpt-4o-mini', input: 'hi', stream: 'yes' }, 'stream'],
    ['a zero max_output_tokens', { model: 'chat/gpt-4o-mini', input: 'hi', max_output_tokens: 0 }, 'max_output_tokens'],
    ['a fractional max_output_tokens', { model: 'up/gpt-5', input: 'hi', max_output_tokens: 1.5 }, 'max_output_tokens'],
    ['a store that is not a boolean', { model: 'up/gpt-5', input: 'hi', store: 'no' }, 'store'],
    ['an empty previous_response_id', { model: 'chat/gpt-4o-mini', input: 'hi', previous_response_id: '' }, 'previous_response_id'],
    ['a field a chat upstream cannot express', { model: 'chat/gpt-4o-mini', input: 'hi', background: true }, 'background'],
  ])('%s is a BadRequestError naming the field, sent nowhere', async (_what, body, field) => {
    const err = await fail(body);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', param: field, type: 'invalid_request_error' });
    expect((err as Error).message).toContain(field);
    expect(fake.requests).toHaveLength(0);
  });

  it('a previous_response_id nobody made is a NotFoundError previous_response_not_found on both provider kinds', async () => {
    for (const model of ['chat/gpt-4o-mini', 'up/gpt-5']) {
      const err = await fail({ model, input: 'hi', previous_response_id: 'resp_unknown' });
      expect(err).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id' });
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('a response of one provider kind cannot be continued on the other: BadRequestError naming previous_response_id', async () => {
    const client = gw.client(token);
    const converted = await client.responses.create({ model: 'chat/gpt-4o-mini', input: 'hi' });
    const passed = await client.responses.create({ model: 'up/gpt-5', input: 'hi' });
    fake.reset();
    for (const [model, id] of [
      ['up/gpt-5', converted.id],
      ['chat/gpt-4o-mini', passed.id],
    ]) {
      const err = await fail({ model, input: 'again', previous_response_id: id });
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err).toMatchObject({ param: 'previous_response_id' });
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('an unknown token is an AuthenticationError', async () => {
    const err = await fail({ model: 'chat/gpt-4o-mini', input: 'hi' }, 'sk-not-a-gateway-token');
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('an upstream 4xx of a pass-through provider reaches the SDK with its status and message', async () => {
    fake.enqueue({ kind: 'status', status: 400, body: JSON.stringify({ error: { message: 'bad tool', type: 'invalid_request_error', param: 'tools', code: null } }) });
    const err = await fail({ model: 'up/gpt-5', input: 'hi' });
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as Error).message).toContain('bad tool');
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'responses', provider: 'up', status_code: 400, upstream_status: 400 });
  });
  it.each([
    ['converted', 'chat/gpt-4o-mini', 'response.failed'],
    ['pass-through', 'up/gpt-5', 'error'],
  ])('a %s stream (%s) whose upstream dies mid-way ends with a %s event; the row says 502', async (_kind, model, last) => {
    fake.enqueue({ kind: 'openai-sse', dieAfter: 2 });
    const res = await gw.raw('/v1/responses', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model, input: 'hi', stream: true }) });
    const text = await res.text();
    const types = [...text.matchAll(/^data: (.*)$/gm)].map((m) => (JSON.parse(m[1]!) as { type?: string }).type);
    expect(types.at(-1)).toBe(last);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'responses_stream', status_code: 502 });
  });
});
