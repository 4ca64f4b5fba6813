import { request } from 'undici';
import { FAKE_REPLY_TEXT, FAKE_USAGE, deepseekV3NonStream } from '../../src/fake-upstream/fixtures';
import { sseData, useFakeUpstream } from './client';

const up = useFakeUpstream();
const { chat, dispatcher } = up;

describe('fake upstream: default answers', () => {
  it('answers a plain chat call with a chat.completion echoing the model, and records the call', async () => {
    const res = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], extra: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const json = (await res.body.json()) as { model: string; choices: { message: { content: string } }[]; usage: unknown };
    expect(json.model).toBe('gpt-4o-mini');
    expect(json.choices[0]?.message.content).toBe(FAKE_REPLY_TEXT);
    expect(json.usage).toEqual(FAKE_USAGE);
    expect(up.fake.requests).toHaveLength(1);
    expect(up.fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', apiKey: 'sk-a', body: { model: 'gpt-4o-mini', extra: 1 } });
  });

  it('streams SSE when the request has stream: true, usage in a choices: [] chunk before [DONE]', async () => {
    const res = await chat({ model: 'm', stream: true, messages: [] }, 'sk-a', '/chat/completions');
    expect(res.headers['content-type']).toContain('text/event-stream');
    const data = sseData(await res.body.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as { choices: { delta: { content?: string } }[]; usage?: unknown });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(FAKE_REPLY_TEXT);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: FAKE_USAGE });
  });

  it('answers SSE to a non-stream call with sse-for-nonstream', async () => {
    up.fake.enqueue({ kind: 'sse-for-nonstream' });
    const res = await chat({ model: 'm', stream: false, messages: [] });
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(sseData(await res.body.text()).at(-1)).toBe('[DONE]');
  });
});

describe('fake upstream: scripting', () => {
  it('plays queued behaviours in order, then the default', async () => {
    up.fake.enqueue({ kind: 'status', status: 429, body: '{"error":{"message":"slow down"}}' }, { kind: 'openai-json', body: { ok: true }, status: 201 });
    const first = await chat({ model: 'm' });
    expect(first.statusCode).toBe(429);
    expect(await first.body.json()).toEqual({ error: { message: 'slow down' } });
    const second = await chat({ model: 'm' });
    expect(second.statusCode).toBe(201);
    expect(await second.body.json()).toEqual({ ok: true });
    const third = await chat({ model: 'm' });
    expect(((await third.body.json()) as { object: string }).object).toBe('chat.completion');
  });

  it('gives a failing key its behaviour on every call without consuming the queue', async () => {
    up.fake.failKey('sk-bad', { kind: 'status', status: 500, body: 'boom', contentType: 'text/plain' });
    up.fake.enqueue({ kind: 'openai-json', body: { queued: true } });
    for (let i = 0; i < 2; i++) {
      const res = await chat({ model: 'm' }, 'sk-bad');
      expect(res.statusCode).toBe(500);
      expect(await res.body.text()).toBe('boom');
    }
    const good = await chat({ model: 'm' }, 'sk-good');
    expect(await good.body.json()).toEqual({ queued: true });
    expect(up.fake.requests.map((r) => r.apiKey)).toEqual(['sk-bad', 'sk-bad', 'sk-good']);
  });

  it('records the x-api-key of an Anthropic-style call', async () => {
    up.fake.enqueue({ kind: 'sample', name: 'anthropic-stream-tool' });
    const res = await request(`${up.fake.url}/v1/messages`, { method: 'POST', dispatcher, headers: { 'x-api-key': 'sk-ant' }, body: '{"stream":true}' });
    const text = await res.body.text();
    expect(text.startsWith('event: message_start\ndata: {"type":"message_start"')).toBe(true);
    expect(text).toContain('"partial_json":"is\\"}"');
    expect(text).not.toContain('[DONE]');
    expect(up.fake.requests[0]?.apiKey).toBe('sk-ant');
  });

  it('drops the usage when omitUsage is set and spaces chunks by intervalMs', async () => {
    up.fake.enqueue({ kind: 'openai-sse', omitUsage: true, intervalMs: 40 });
    const started = Date.now();
    const res = await chat({ model: 'm', stream: true });
    const text = await res.body.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(text).not.toContain('usage');
    expect(sseData(text)).toHaveLength(6);
  });
});

describe('fake upstream: samples', () => {
  it('replays a non-stream sample with its extra fields', async () => {
    up.fake.enqueue({ kind: 'sample', name: 'deepseek-v3-nonstream' });
    expect(await (await chat({ model: 'm' })).body.json()).toEqual(deepseekV3NonStream);
  });

  it('replays the 554 text/plain answer', async () => {
    up.fake.enqueue({ kind: 'sample', name: 'upstream-554' });
    const res = await chat({ model: 'm' });
    expect(res.statusCode).toBe(554);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(await res.body.text()).toBe('upstream service refused the request');
  });

  it('replays the GLM stream with usage in the last chunk that has a choice', async () => {
    up.fake.enqueue({ kind: 'sample', name: 'glm-stream' });
    const data = sseData(await (await chat({ model: 'm', stream: true })).body.text());
    const last = JSON.parse(data.at(-2) ?? '{}') as { choices: unknown[]; usage: { total_tokens: number } };
    expect(last.choices).toHaveLength(1);
    expect(last.usage.total_tokens).toBe(126);
  });
});

describe('fake upstream: failures', () => {
  it('destroys the socket after dieAfter chunks', async () => {
    up.fake.enqueue({ kind: 'openai-sse', dieAfter: 2 });
    const res = await chat({ model: 'm', stream: true });
    let received = '';
    await expect(
      (async () => {
        for await (const part of res.body) received += (part as Buffer).toString();
      })(),
    ).rejects.toThrow();
    expect(sseData(received)).toHaveLength(2);
    expect(up.fake.aborted).toBe(0);
  });

  it('closes the connection without an answer', async () => {
    up.fake.enqueue({ kind: 'close-socket' });
    await expect(chat({ model: 'm' })).rejects.toThrow();
  });

  it('counts a client that gives up on a hanging call as aborted', async () => {
    up.fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = chat({ model: 'm' }, 'sk-a', '/v1/chat/completions', controller.signal);
    while (up.fake.activeRequests === 0 || up.fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await up.fake.waitForAborted(1);
    expect(up.fake.aborted).toBe(1);
  });

  it('counts a client that leaves a slow stream as aborted', async () => {
    up.fake.enqueue({ kind: 'openai-sse', intervalMs: 100 });
    const res = await chat({ model: 'm', stream: true });
    const reader = res.body[Symbol.asyncIterator]();
    await reader.next();
    res.body.destroy();
    await up.fake.waitForAborted(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(up.fake.activeRequests).toBe(0);
  });
});

describe('fake upstream: models', () => {
  it('lists the default ids, then configured ones, on both paths', async () => {
    const res = await request(`${up.fake.url}/v1/models`, { dispatcher, headers: { authorization: 'Bearer k' } });
    const json = (await res.body.json()) as { object: string; data: { id: string; object: string; owned_by: string }[] };
    expect(json.object).toBe('list');
    expect(json.data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'gpt-4o', 'deepseek/deepseek-r1']);
    expect(json.data[0]).toMatchObject({ object: 'model', owned_by: 'fake-upstream' });
    up.fake.setModels(['a', 'b']);
    const other = (await (await request(`${up.fake.url}/models`, { dispatcher })).body.json()) as { data: { id: string }[] };
    expect(other.data.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('plays a queued models behaviour', async () => {
    up.fake.enqueueModels({ kind: 'status', status: 401, body: '{"error":{"message":"bad key"}}' });
    const res = await request(`${up.fake.url}/v1/models`, { dispatcher });
    expect(res.statusCode).toBe(401);
    await res.body.dump();
  });

  it('answers 404 to an unknown route', async () => {
    const res = await request(`${up.fake.url}/v2/nothing`, { dispatcher });
    expect(res.statusCode).toBe(404);
    await res.body.dump();
  });
});
