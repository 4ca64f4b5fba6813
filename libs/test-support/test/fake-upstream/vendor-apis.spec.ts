import { request } from 'undici';
import { FAKE_ANTHROPIC_USAGE, FAKE_CLAUDE_TEXT, FAKE_REPLY_TEXT, FAKE_ZHIPU_REASONING, FAKE_ZHIPU_USAGE } from '../../src/fake-upstream/fixtures';
import { namedEvents, sseData, useFakeUpstream } from './client';

const up = useFakeUpstream();
const { chat, messages, dispatcher } = up;

describe('fake upstream: Anthropic API', () => {
  it('answers /v1/messages with an Anthropic Message by default', async () => {
    const res = await messages({ model: 'claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({
      id: expect.stringMatching(/^msg_fake_\d+$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4',
      content: [{ type: 'text', text: FAKE_CLAUDE_TEXT }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: FAKE_ANTHROPIC_USAGE,
    });
    expect(up.fake.requests[0]).toMatchObject({ path: '/v1/messages', apiKey: 'sk-ant', body: { max_tokens: 10 } });
  });

  it('streams named Anthropic events by default when stream is true, without [DONE]', async () => {
    const res = await messages({ model: 'claude-sonnet-4', stream: true, messages: [] });
    expect(res.headers['content-type']).toContain('text/event-stream');
    const text = await res.body.text();
    expect(text).not.toContain('[DONE]');
    const events = namedEvents(text);
    expect(events.every((e) => e.event === e.data.type)).toBe(true);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      ...Array<string>(4).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const deltas = events.filter((e) => e.event === 'content_block_delta').map((e) => (e.data.delta as { text: string }).text);
    expect(deltas.join('')).toBe(FAKE_CLAUDE_TEXT);
    expect(events[0]?.data).toMatchObject({ message: { id: expect.stringMatching(/^msg_fake_\d+$/), model: 'claude-sonnet-4', usage: { cache_read_input_tokens: 8 } } });
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: FAKE_ANTHROPIC_USAGE.output_tokens } });
  });

  it('plays anthropic-json, anthropic-error and named anthropic-sse events', async () => {
    up.fake.enqueue(
      { kind: 'anthropic-json', body: { type: 'message', content: [] } },
      { kind: 'anthropic-error', status: 529, type: 'overloaded_error', message: 'Overloaded' },
      { kind: 'anthropic-sse', events: [{ data: { type: 'message_stop' } }] },
    );
    expect(await (await messages({})).body.json()).toEqual({ type: 'message', content: [] });
    const error = await messages({});
    expect(error.statusCode).toBe(529);
    expect(await error.body.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_fake' });
    expect(await (await messages({ stream: true })).body.text()).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it('ends an anthropic-sse-error stream with an error event after message_start', async () => {
    up.fake.enqueue({ kind: 'anthropic-sse-error' });
    const events = namedEvents(await (await messages({ stream: true })).body.text());
    expect(events[0]?.event).toBe('message_start');
    expect(events.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_fake' } });
  });

  it('lists models in Anthropic shape when asked with anthropic-version', async () => {
    const res = await request(`${up.fake.url}/v1/models?limit=1000`, { dispatcher, headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } });
    const json = (await res.body.json()) as { data: { id: string; type: string }[]; has_more: boolean };
    expect(json.data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'gpt-4o', 'deepseek/deepseek-r1']);
    expect(json.data[0]?.type).toBe('model');
    expect(json.has_more).toBe(false);
  });
});

describe('fake upstream: Zhipu API', () => {
  const path = '/api/paas/v4/chat/completions';

  it('answers GLM-shaped JSON with reasoning_content and cached tokens', async () => {
    const json = (await (await chat({ model: 'glm-4.5', messages: [] }, 'zp', path)).body.json()) as Record<string, unknown>;
    expect(json).not.toHaveProperty('object');
    expect(json).toMatchObject({
      model: 'glm-4.5',
      request_id: json.id,
      choices: [{ message: { content: FAKE_REPLY_TEXT, reasoning_content: FAKE_ZHIPU_REASONING }, finish_reason: 'stop' }],
      usage: FAKE_ZHIPU_USAGE,
    });
  });

  it('streams with usage in the last chunk that still has a choice', async () => {
    const data = sseData(await (await chat({ model: 'glm-4.5', stream: true, messages: [] }, 'zp', path)).body.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as { choices: { delta: Record<string, string>; finish_reason?: string }[]; usage?: unknown });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(FAKE_REPLY_TEXT);
    expect(chunks[0]?.choices[0]?.delta.reasoning_content).toBe(FAKE_ZHIPU_REASONING);
    expect(chunks.filter((c) => c.usage !== undefined)).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage: FAKE_ZHIPU_USAGE });
  });
});
