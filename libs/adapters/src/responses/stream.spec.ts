import { deepseekR1Stream } from '@aigw/test-support';
import { checkAgainstSdkTypes, checkSequence, sseEvents, throughSdk, type Ev } from '../../test/responses-sdk';
import { formatSseData, SSE_DONE } from '../sse';
import { createChatToResponsesStream, responsesStreamErrorEvent } from './stream';
import type { ResponseContext } from './shared';

type Json = Record<string, unknown>;

function chunk(delta: Json, finishReason: string | null = null): Json {
  return { id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}
const USAGE = { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 5 } };
const usageChunk = { id: 'chatcmpl-s', object: 'chat.completion.chunk', choices: [], usage: USAGE };

function ctx(request: Json = {}): ResponseContext {
  return { id: 'resp_test', model: 'client-model', createdAt: 1700000000, request: { model: 'client-model', input: 'hi', ...request } };
}

function sse(chunks: Json[]): string {
  return chunks.map(formatSseData).join('') + SSE_DONE;
}

/** Converts `text` fed in pieces of `size` bytes (1 splits every line and multi-byte character). */
function convert(text: string, context = ctx(), size = 0): { out: string; outputs: string[]; stream: ReturnType<typeof createChatToResponsesStream> } {
  const stream = createChatToResponsesStream(context);
  const outputs: string[] = [];
  const bytes = Buffer.from(text, 'utf8');
  if (size === 0) outputs.push(stream.push(text));
  else for (let i = 0; i < bytes.length; i += size) outputs.push(stream.push(bytes.subarray(i, i + size)));
  outputs.push(stream.end());
  return { out: outputs.join(''), outputs, stream };
}

const types = (events: Ev[]): string[] => events.map((e) => e.type);

const TEXT = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo, 世界' }), chunk({}, 'stop'), usageChunk];

describe('createChatToResponsesStream', () => {
  it('converts a text stream into the Responses event sequence, usage in response.completed', async () => {
    const { out } = convert(sse(TEXT));
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const created = events[0] as Ev & { response: Json };
    expect(created.response).toMatchObject({ id: 'resp_test', object: 'response', status: 'in_progress', model: 'client-model', output: [] });
    expect(events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta)).toEqual(['Hel', 'lo, 世界']);
    const completed = events[events.length - 1] as Ev & { response: Json };
    expect(completed.response).toMatchObject({
      status: 'completed',
      usage: { input_tokens: 30, input_tokens_details: { cached_tokens: 8 }, output_tokens: 12, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 42 },
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello, 世界', annotations: [] }] }],
    });
    const { final } = await throughSdk(out);
    expect(final.output_text).toBe('Hello, 世界');
    expect(final.usage?.total_tokens).toBe(42);
  });

  it('emits each delta as its chunk arrives (nothing held back)', () => {
    const stream = createChatToResponsesStream(ctx());
    expect(types(sseEvents(stream.push(formatSseData(chunk({ content: 'Hel' })))))).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
    ]);
    expect(sseEvents(stream.push(formatSseData(chunk({ content: 'lo' }))))).toMatchObject([{ type: 'response.output_text.delta', delta: 'lo', sequence_number: 5 }]);
  });

  it('gives the same events when the chat stream arrives one byte at a time (split mid-line and mid-character)', () => {
    const whole = sseEvents(convert(sse(TEXT)).out);
    const bytewise = sseEvents(convert(sse(TEXT), ctx(), 1).out);
    const strip = (events: Ev[]): unknown[] => JSON.parse(JSON.stringify(events).replace(/"(msg|rs|fc|ctc)_[0-9a-f]{32}"/g, '"id"').replace(/"completed_at":\d+/g, '"completed_at":0')) as unknown[];
    expect(strip(bytewise)).toEqual(strip(whole));
  });

  it('converts a tool-call stream with arguments split across chunks, two calls, into function_call items', async () => {
    const chunks = [
      chunk({ role: 'assistant', content: 'Checking.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Pa' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ris"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"UTC"}' } }] }),
      chunk({}, 'tool_calls'),
      usageChunk,
    ];
    const { out, stream } = convert(sse(chunks));
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    const args = events.filter((e) => e.type === 'response.function_call_arguments.delta');
    expect(args.map((e) => [e.output_index, e.delta])).toEqual([
      [1, '{"city": "Pa'],
      [1, 'ris"}'],
      [2, '{"tz":"UTC"}'],
    ]);
    expect(events.filter((e) => e.type === 'response.function_call_arguments.done').map((e) => [e.name, e.arguments])).toEqual([
      ['get_weather', '{"city": "Paris"}'],
      ['get_time', '{"tz":"UTC"}'],
    ]);
    const added = events.filter((e) => e.type === 'response.output_item.added').map((e) => e.item as unknown as Json);
    expect(added[1]).toMatchObject({ type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '', status: 'in_progress' });
    expect(String(added[1]?.id)).toMatch(/^fc_/);
    const { final } = await throughSdk(out);
    expect(final.output.map((o) => o.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(final.output[1]).toMatchObject({ call_id: 'call_a', arguments: '{"city": "Paris"}', status: 'completed' });
    expect(stream.output()).toEqual((events[events.length - 1] as Ev & { response: Json }).response.output);
  });

  it('keeps interleaved arguments of parallel calls (and calls without an index) on their own items', async () => {
    const chunks = [
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'a', arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'b', arguments: '{"y":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }, { index: 1, function: { arguments: '2}' } }] }),
      chunk({ tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'c', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ];
    const { out } = convert(sse(chunks));
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    const { final } = await throughSdk(out);
    expect(final.output.map((o) => (o.type === 'function_call' ? [o.call_id, o.name, o.arguments] : o.type))).toEqual([
      ['call_1', 'a', '{"x":1}'],
      ['call_2', 'b', '{"y":2}'],
      ['call_3', 'c', '{}'],
    ]);
  });

  it('streams a custom tool call as custom_tool_call_input deltas decoded out of the {"input"} argument', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+h\u00e9 "q" \\ \ud83d\ude00\n*** End Patch\n';
    const args = JSON.stringify({ input: patch }).replace('\u00e9', '\\u00e9').replace('\ud83d\ude00', '\\ud83d\\ude00');
    const pieces = [args.slice(0, 3), args.slice(3, 12), ...Array.from({ length: Math.ceil((args.length - 12) / 5) }, (_, i) => args.slice(12 + i * 5, 17 + i * 5))];
    const chunks = [
      chunk({ tool_calls: [{ index: 0, id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: '' } }] }),
      ...pieces.map((p) => chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] })),
      chunk({}, 'tool_calls'),
    ];
    const request = { tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }] };
    const { out } = convert(sse(chunks), ctx(request));
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    const deltas = events.filter((e) => e.type === 'response.custom_tool_call_input.delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((e) => e.delta).join('')).toBe(patch);
    expect(events.find((e) => e.type === 'response.custom_tool_call_input.done')).toMatchObject({ input: patch });
    const { final } = await throughSdk(out);
    expect(final.output).toEqual([expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: patch })]);
    expect(String((final.output[0] as { id: string }).id)).toMatch(/^ctc_/);
  });

  it('converts DeepSeek-style reasoning_content deltas into a reasoning item with reasoning_text, then the message', async () => {
    // The sample's tail: the last content chunk, the finish chunk and the usage chunk (choices: []).
    const tail = deepseekR1Stream.slice(-3).map((e) => formatSseData(e.data)).join('');
    const head = [chunk({ role: 'assistant', reasoning_content: 'The user ' }), chunk({ reasoning_content: 'greets.' }), chunk({ content: 'Hello' })].map(formatSseData).join('');
    const { out } = convert(head + tail + SSE_DONE, ctx(), 7);
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    expect(types(events).slice(2, 8)).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
    ]);
    const { final } = await throughSdk(out);
    expect(final.output[0]).toMatchObject({ type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'The user greets.' }] });
    expect(final.output_text).toBe('Hello!');
    expect(final.usage).toMatchObject({ input_tokens: 16, output_tokens: 237, output_tokens_details: { reasoning_tokens: 201 } });
  });

  it('ends a length-cut stream with response.incomplete, reason max_output_tokens', async () => {
    const { out } = convert(sse([chunk({ content: 'Once upon' }), chunk({}, 'length'), usageChunk]));
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    expect(events[events.length - 1]).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    const { final } = await throughSdk(out);
    expect(final.status).toBe('incomplete');
    expect(final.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('converts a refusal delta into a refusal content part', async () => {
    const { out } = convert(sse([chunk({ refusal: 'I cannot ' }), chunk({ refusal: 'help.' }), chunk({}, 'stop')]));
    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    expect(events.find((e) => e.type === 'response.refusal.done')).toMatchObject({ refusal: 'I cannot help.' });
    const { final } = await throughSdk(out);
    expect(final.output[0]).toMatchObject({ type: 'message', content: [{ type: 'refusal', refusal: 'I cannot help.' }] });
  });

  it('ends with response.failed when the upstream sends an error mid-way, and nothing after', () => {
    const text = formatSseData(chunk({ content: 'part' })) + formatSseData({ error: { message: 'upstream exploded' } }) + formatSseData(chunk({ content: 'late' }));
    const events = sseEvents(convert(text).out);
    expect(events[events.length - 1]).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'upstream exploded' } } });
    expect(events.some((e) => e.delta === 'late')).toBe(false);
    events.forEach((e, i) => expect(e.sequence_number).toBe(i));
  });

  it('fail() after a broken connection closes the stream with response.failed in sequence', () => {
    const stream = createChatToResponsesStream(ctx());
    const first = sseEvents(stream.push(formatSseData(chunk({ content: 'a' }))));
    const failed = sseEvents(stream.fail('connection reset'));
    expect(failed).toMatchObject([{ type: 'response.failed', sequence_number: first.length }]);
    expect(stream.end()).toBe('');
  });

  it('responsesStreamErrorEvent writes one SDK-typed error event', () => {
    expect(sseEvents(responsesStreamErrorEvent('boom', 3))).toEqual([{ type: 'error', code: 'server_error', message: 'boom', param: null, sequence_number: 3 }]);
  });

  it('still opens and closes the response when the upstream ends without [DONE]', () => {
    const events = sseEvents(convert(formatSseData(chunk({ content: 'x' }, 'stop')).trimEnd()).out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    expect(events[events.length - 1]?.type).toBe('response.completed');
  });
});
