import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCall } from '../types';
import { createAnthropicAdapter } from './adapter';
import { finishReasonOf } from './response';

const call: ChatCall = {
  provider: { name: 'claude', api_type: 'anthropic', base_url: 'https://api.anthropic.com', models_endpoint: null },
  upstreamModel: 'claude-sonnet-4',
  body: { model: 'claude/claude-sonnet-4', messages: [] },
  stream: false,
  clientHeaders: {},
};

const message = {
  id: 'msg_abc',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-20250514',
  content: [
    { type: 'thinking', thinking: 'The user wants weather.', signature: 'sig' },
    { type: 'text', text: 'Let me ' },
    { type: 'redacted_thinking', data: 'xxx' },
    { type: 'text', text: 'check.' },
    { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', days: 2 } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 100, output_tokens: 40, cache_read_input_tokens: 30, cache_creation_input_tokens: 5, output_tokens_details: { thinking_tokens: 12 } },
};

function read(json: unknown, contentType = 'application/json') {
  return createAnthropicAdapter().readChatResponse(Buffer.from(JSON.stringify(json)), contentType, call);
}

describe('anthropic readChatResponse', () => {
  it('turns a Message into a chat.completion: text joined, thinking, tool calls, usage with cache', () => {
    const before = Math.floor(Date.now() / 1000);
    const result = read(message);
    expect(result.contentType).toBe('application/json');
    expect(result.responseModel).toBe('claude-sonnet-4-20250514');
    expect(result.usage).toEqual({ prompt_tokens: 135, completion_tokens: 40, total_tokens: 175, cached_tokens: 30, reasoning_tokens: 12 });
    const json = JSON.parse(result.body.toString()) as { created: number };
    expect(json).toEqual({
      id: 'chatcmpl-msg_abc',
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'claude-sonnet-4-20250514',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            reasoning_content: 'The user wants weather.',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","days":2}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 135,
        completion_tokens: 40,
        total_tokens: 175,
        prompt_tokens_details: { cached_tokens: 30 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
    expect(json.created).toBeGreaterThanOrEqual(before);
  });

  it('gives null content when there is no text and leaves out what is absent', () => {
    const result = read({ ...message, content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 1 } });
    const json = JSON.parse(result.body.toString()) as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
    expect(json.choices[0]?.message).toEqual({ role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] });
    expect(json.choices[0]?.finish_reason).toBe('stop');
    expect(result.usage).toEqual({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4, cached_tokens: 0, reasoning_tokens: 0 });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
    [null, null],
  ])('maps stop_reason %s to %s', (stopReason, finish) => {
    expect(finishReasonOf(stopReason)).toBe(finish);
  });

  it('returns a body that is not a Message as it is, without usage', () => {
    const bytes = Buffer.from('<html>gateway</html>');
    const result = createAnthropicAdapter().readChatResponse(bytes, 'text/html', call);
    expect(result).toEqual({ body: bytes, contentType: 'text/html', usage: null, responseModel: null });
  });

  it('folds an SSE answer to a non-stream call into one chat.completion', () => {
    const sse = readFileSync(join(__dirname, 'fixtures', 'anthropic-stream-tool.sse'));
    const result = createAnthropicAdapter().readChatResponse(sse, 'text/event-stream', call);
    expect(JSON.parse(result.body.toString())).toMatchObject({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion',
      model: 'claude-sonnet-4',
      choices: [
        {
          message: { role: 'assistant', content: 'Let me check the weather.', tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(result.usage).toEqual({ prompt_tokens: 600, completion_tokens: 89, total_tokens: 689, cached_tokens: 128, reasoning_tokens: 0 });
  });
});
