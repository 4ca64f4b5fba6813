import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSseEvent, parseSseBody } from '../sse';
import { createAnthropicStreamRelay } from './stream-relay';

const toolSample = readFileSync(join(__dirname, 'fixtures', 'anthropic-stream-tool.sse'), 'utf8');

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: { index: number; delta: Record<string, unknown> & { tool_calls?: { index: number; id?: string; type?: string; function: { name?: string; arguments?: string } }[] }; finish_reason: string | null }[];
  usage?: unknown;
}

/** Feeds `text` one byte at a time; returns the relay and what it sent (data strings, [DONE] included). */
function relayBytewise(text: string) {
  const relay = createAnthropicStreamRelay('fallback-model');
  const bytes = Buffer.from(text, 'utf8');
  let output = '';
  for (let i = 0; i < bytes.length; i++) output += String(relay.push(bytes.subarray(i, i + 1)));
  const tail = String(relay.end());
  output += tail;
  return { relay, output, tail, data: parseSseBody(output).map((e) => e.data) };
}

function chunksOf(data: string[]): Chunk[] {
  return data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Chunk);
}

function anthropicSse(events: readonly (Record<string, unknown> & { type: string })[]): string {
  return events.map((e) => formatSseEvent(e.type, e)).join('');
}

const start = (usage: object = { input_tokens: 10, output_tokens: 1 }) => ({
  type: 'message_start',
  message: { id: 'msg_x', type: 'message', role: 'assistant', model: 'claude-opus-4', content: [], stop_reason: null, usage },
});

describe('createAnthropicStreamRelay', () => {
  it('relays the text-then-tool sample fed one byte at a time as OpenAI chunks', () => {
    const { relay, data, tail } = relayBytewise(toolSample);
    expect(data.filter((d) => d === '[DONE]')).toHaveLength(1);
    expect(data.at(-1)).toBe('[DONE]');
    expect(tail).toBe('');
    const chunks = chunksOf(data);
    const first = chunks[0];
    expect(first?.choices[0]?.delta.role).toBe('assistant');
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: 'chatcmpl-msg_01', object: 'chat.completion.chunk', created: first?.created, model: 'claude-sonnet-4' });
    }
    const deltas = chunks.flatMap((c) => c.choices.map((choice) => choice.delta));
    expect(deltas.map((d) => d.content ?? '').join('')).toBe('Let me check the weather.');
    const calls = deltas.flatMap((d) => d.tool_calls ?? []);
    expect(calls.map((c) => c.index)).toEqual([0, 0, 0]);
    expect(calls[0]).toEqual({ index: 0, id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(calls.map((c) => c.function.arguments).join('')).toBe('{"city": "Paris"}');
    const textPosition = deltas.findIndex((d) => typeof d.content === 'string' && d.content !== '');
    const toolPosition = deltas.findIndex((d) => d.tool_calls !== undefined);
    expect(textPosition).toBeLessThan(toolPosition);
    expect(chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter((f) => f !== null)).toEqual(['tool_calls']);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 600, completion_tokens: 89, total_tokens: 689, prompt_tokens_details: { cached_tokens: 128 } },
    });
    expect(relay.usage()).toEqual({ prompt_tokens: 600, completion_tokens: 89, total_tokens: 689, cached_tokens: 128, reasoning_tokens: 0 });
    expect(relay.responseModel()).toBe('claude-sonnet-4');
    expect(relay.outputText()).toBe('Let me check the weather.get_weather{"city": "Paris"}');
  });

  it('maps thinking, counts tool indexes over tool calls only, and gives an input-less tool {}', () => {
    const sse = anthropicSse([
      start(),
      { type: 'ping' },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Two tools.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'abc' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_a', name: 'now', input: {} } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_b', name: 'weather', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 30 } },
      { type: 'message_stop' },
    ]);
    const chunks = chunksOf(relayBytewise(sse).data);
    const deltas = chunks.flatMap((c) => c.choices.map((choice) => choice.delta));
    expect(deltas.map((d) => d.reasoning_content ?? '').join('')).toBe('Two tools.');
    const calls = deltas.flatMap((d) => d.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: 'toolu_a', type: 'function', function: { name: 'now', arguments: '' } },
      { index: 0, function: { arguments: '{}' } },
      { index: 1, id: 'toolu_b', type: 'function', function: { name: 'weather', arguments: '' } },
      { index: 1, function: { arguments: '{"q":1}' } },
    ]);
  });

  it('takes the latest cumulative message_delta usage without adding twice', () => {
    const sse = anthropicSse([
      start({ input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 20, cache_creation_input_tokens: 10 }),
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 10 } },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 25, input_tokens: 50, cache_read_input_tokens: null } },
      { type: 'message_stop' },
    ]);
    const { relay, data } = relayBytewise(sse);
    expect(relay.usage()).toEqual({ prompt_tokens: 80, completion_tokens: 25, total_tokens: 105, cached_tokens: 20, reasoning_tokens: 0 });
    const chunks = chunksOf(data);
    expect(chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter((f) => f !== null)).toEqual(['length']);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 80, completion_tokens: 25 });
  });

  it('turns an upstream error event into an OpenAI error event and sends nothing after it', () => {
    const sse =
      anthropicSse([start(), { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }]) +
      formatSseEvent('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) +
      anthropicSse([{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'late' } }, { type: 'message_stop' }]);
    const { data, output, tail } = relayBytewise(sse);
    expect(data).not.toContain('[DONE]');
    expect(output).not.toContain('late');
    expect(tail).toBe('');
    expect(JSON.parse(data.at(-1) ?? '')).toEqual({ error: { message: 'Overloaded', type: 'upstream_error', code: 'overloaded_error', param: null } });
  });

  it('ends with usage and [DONE] when message_stop never came', () => {
    const sse = anthropicSse([start(), { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Partial' } }]);
    const { data, tail } = relayBytewise(sse);
    expect(tail).toContain('[DONE]');
    expect(data.filter((d) => d === '[DONE]')).toHaveLength(1);
    expect(chunksOf(data).at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 1 } });
    expect(chunksOf(data)[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
  });

  it('uses the call model when message_start is missing', () => {
    const sse = anthropicSse([{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }]);
    const chunks = chunksOf(relayBytewise(sse).data);
    expect(chunks[0]).toMatchObject({ model: 'fallback-model', choices: [{ delta: { role: 'assistant', content: 'x' } }] });
  });
});
