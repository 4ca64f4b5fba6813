import { formatSseData, parseSseBody, SSE_DONE } from '../sse';
import { anthropicStreamErrorEvent, createOpenAiToAnthropicStream } from './stream';

type Json = Record<string, unknown>;

/** An OpenAI chunk with one choice carrying `delta`. */
function chunk(delta: Json, finishReason: string | null = null): Json {
  return { id: 'chatcmpl-s1', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

const usageChunk = {
  id: 'chatcmpl-s1',
  object: 'chat.completion.chunk',
  choices: [],
  usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 60 } },
};

/** Feeds the SSE text one byte at a time (then end()) and returns the Anthropic events. */
function convertBytewise(sse: string): { raw: string; events: Array<{ event: string | undefined; data: Json }> } {
  const stream = createOpenAiToAnthropicStream('claude-x');
  const bytes = Buffer.from(sse, 'utf8');
  let raw = '';
  for (let i = 0; i < bytes.length; i++) raw += stream.push(bytes.subarray(i, i + 1));
  raw += stream.end();
  raw += stream.end();
  const events = parseSseBody(raw).map((e) => ({ event: e.event, data: JSON.parse(e.data) as Json }));
  for (const e of events) expect(e.data.type).toBe(e.event);
  return { raw, events };
}

function sseOf(...chunks: Json[]): string {
  return chunks.map((c) => formatSseData(c)).join('') + SSE_DONE;
}

const types = (events: Array<{ data: Json }>): unknown[] => events.map((e) => e.data.type);

describe('createOpenAiToAnthropicStream', () => {
  it('converts a text-only stream, usage arriving after finish_reason in a choices:[] chunk', () => {
    const { raw, events } = convertBytewise(
      sseOf(chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo 你好' }), chunk({}, 'stop'), usageChunk),
    );
    expect(raw.startsWith('event: message_start\ndata: {')).toBe(true);
    expect(types(events)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events[0]?.data).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_s1',
        type: 'message',
        role: 'assistant',
        model: 'claude-x',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
    });
    expect(events[1]?.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(events[3]?.data).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo 你好' } });
    expect(events[5]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 20, input_tokens: 40, cache_read_input_tokens: 60 },
    });
  });

  it('opens a thinking block for reasoning_content, then a text block', () => {
    const { events } = convertBytewise(
      sseOf(chunk({ reasoning_content: 'Think' }), chunk({ reasoning_content: 'ing.' }), chunk({ content: 'Answer' }), chunk({}, 'length')),
    );
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ type: 'message_start' }),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Think' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'ing.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Answer' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 0 } },
      { type: 'message_stop' },
    ]);
  });

  it('gives each OpenAI tool call index its own tool_use block after the text block', () => {
    const { events } = convertBytewise(
      sseOf(
        chunk({ content: 'Checking both.' }),
        chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } }] }),
        chunk({}, 'tool_calls'),
        usageChunk,
      ),
    );
    expect(events.map((e) => e.data).slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking both.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_a', name: 'get_weather', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": "Par' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'is"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_b', name: 'get_time', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"tz":"CET"}' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20, input_tokens: 40, cache_read_input_tokens: 60 } },
      { type: 'message_stop' },
    ]);
  });

  it('ends with an Anthropic error event and nothing more on an upstream error event', () => {
    const sse =
      formatSseData(chunk({ content: 'partial' })) +
      formatSseData({ error: { message: 'upstream exploded', type: 'upstream_error', code: 'upstream_error', param: null } }) +
      formatSseData(chunk({ content: 'ignored' })) +
      SSE_DONE;
    const { events } = convertBytewise(sse);
    expect(types(events)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error']);
    expect(events[3]?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream exploded' } });
  });

  it('finishes in end() when the upstream sent no [DONE], and emits nothing twice', () => {
    const stream = createOpenAiToAnthropicStream('m');
    const first = stream.push(formatSseData(chunk({ content: 'a' }, 'stop')));
    const last = stream.end();
    expect(parseSseBody(first + last).map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(stream.push(formatSseData(chunk({ content: 'late' })))).toBe('');
    expect(stream.end()).toBe('');
  });

  it('emits a complete empty message for an upstream that sent only [DONE]', () => {
    const stream = createOpenAiToAnthropicStream('m');
    const text = stream.push(SSE_DONE) + stream.end();
    expect(parseSseBody(text).map((e) => e.event)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('formats a standalone Anthropic error event', () => {
    expect(anthropicStreamErrorEvent('gone')).toBe('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"gone"}}\n\n');
  });
});
