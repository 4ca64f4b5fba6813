import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { RawContentBlockDeltaEvent, RawContentBlockStartEvent, RawMessageDeltaEvent, RawMessageStartEvent } from '@anthropic-ai/sdk/resources/messages';
import { createSseTap, formatSseData, SSE_DONE } from '../sse';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';
import type { StreamRelay } from '../types';
import { openAiErrorEvent } from '../openai/stream-error';
import { anthropicErrorObject } from './errors';
import { completionIdOf, finishReasonOf, nowSeconds } from './response';
import { mergeTokenCounts, NO_TOKEN_COUNTS, openAiUsageJson, usageFromCounts, type AnthropicTokenCounts } from './usage';

type Delta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
type FinishReason = ChatCompletionChunk.Choice['finish_reason'];

interface ToolSlot {
  /** The OpenAI tool call index: counted over tool calls only, not over content blocks. */
  index: number;
  argumentsSent: boolean;
  /** The format tool of a response_format: its input is streamed as content. */
  asContent: boolean;
}

/**
 * Turns an Anthropic Messages stream into OpenAI chat.completion.chunk events: one id, model and
 * created for the whole stream, the role in the first chunk, a finish chunk, then a `choices: []`
 * usage chunk and `[DONE]`. The usage chunk is sent whether or not the client asked for
 * `stream_options.include_usage`, as OpenAI upstreams relayed by the gateway (which always asks
 * for usage) send it too; the openai SDK and OpenAI-compatible clients accept it.
 * An upstream `error` event becomes an OpenAI error event and nothing is sent after it.
 * The input of `formatTool` (the tool a response_format was sent as) is streamed as content, and a
 * stream that called no other tool finishes with `stop`.
 */
export function createAnthropicStreamRelay(fallbackModel: string, formatTool: string | null = null): StreamRelay {
  let head: { id: string; created: number; model: string } | null = null;
  let roleSent = false;
  let finished = false;
  let counts: AnthropicTokenCounts = NO_TOKEN_COUNTS;
  let upstreamModel: string | null = null;
  const toolSlots = new Map<number, ToolSlot>();
  let toolCallCount = 0;
  const text: string[] = [];
  let out: string[] = [];

  const chunkHead = () => (head ??= { id: completionIdOf(null), created: nowSeconds(), model: fallbackModel });

  function emit(delta: Delta, finishReason: FinishReason | null = null): void {
    const withRole: Delta = roleSent ? delta : { role: 'assistant', ...delta };
    roleSent = true;
    const chunk: ChatCompletionChunk = { ...chunkHead(), object: 'chat.completion.chunk', choices: [{ index: 0, delta: withRole, logprobs: null, finish_reason: finishReason }] };
    out.push(formatSseData(chunk));
  }

  function emitText(field: 'content' | 'reasoning_content', value: unknown): void {
    if (typeof value !== 'string' || value === '') return;
    text.push(value);
    emit({ [field]: value });
  }

  function emitToolArguments(slot: ToolSlot, args: string): void {
    slot.argumentsSent = true;
    if (slot.asContent) return emitText('content', args);
    text.push(args);
    emit({ tool_calls: [{ index: slot.index, function: { arguments: args } }] });
  }

  function finish(): void {
    const usage = usageFromCounts(counts);
    if (usage) out.push(formatSseData({ ...chunkHead(), object: 'chat.completion.chunk', choices: [], usage: openAiUsageJson(usage) }));
    out.push(SSE_DONE);
    finished = true;
  }

  function onMessageStart(event: RawMessageStartEvent): void {
    const message = isRecord(event.message) ? event.message : null;
    upstreamModel = nonEmptyString(message?.model) ?? upstreamModel;
    head ??= { id: completionIdOf(message?.id), created: nowSeconds(), model: upstreamModel ?? fallbackModel };
    counts = mergeTokenCounts(counts, message?.usage);
    emit({ content: '' });
  }

  function onBlockStart(event: RawContentBlockStartEvent): void {
    const block = event.content_block;
    if (block.type === 'text') emitText('content', block.text);
    else if (block.type === 'thinking') emitText('reasoning_content', block.thinking);
    else if (block.type === 'tool_use' && block.name === formatTool) {
      toolSlots.set(event.index, { index: -1, argumentsSent: false, asContent: true });
    } else if (block.type === 'tool_use') {
      const slot: ToolSlot = { index: toolCallCount++, argumentsSent: false, asContent: false };
      toolSlots.set(event.index, slot);
      text.push(block.name);
      emit({ tool_calls: [{ index: slot.index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] });
    }
  }

  function onBlockDelta(event: RawContentBlockDeltaEvent): void {
    const delta = event.delta;
    if (delta.type === 'text_delta') emitText('content', delta.text);
    else if (delta.type === 'thinking_delta') emitText('reasoning_content', delta.thinking);
    else if (delta.type === 'input_json_delta') {
      const slot = toolSlots.get(event.index);
      if (slot && typeof delta.partial_json === 'string' && delta.partial_json !== '') emitToolArguments(slot, delta.partial_json);
    }
  }

  function onBlockStop(index: number): void {
    // A tool without input may get no input_json_delta at all; clients expect JSON arguments.
    const slot = toolSlots.get(index);
    if (slot && !slot.argumentsSent) emitToolArguments(slot, '{}');
  }

  function onMessageDelta(event: RawMessageDeltaEvent): void {
    counts = mergeTokenCounts(counts, event.usage);
    const reason = finishReasonOf(isRecord(event.delta) ? event.delta.stop_reason : null);
    if (reason !== null) emit({}, reason === 'tool_calls' && formatTool !== null && toolCallCount === 0 ? 'stop' : reason);
  }

  function onError(json: unknown): void {
    const error = anthropicErrorObject(json);
    out.push(openAiErrorEvent(nonEmptyString(error?.message) ?? 'upstream stream error', nonEmptyString(error?.type) ?? 'upstream_error'));
    finished = true;
  }

  const tap = createSseTap(({ event, data }) => {
    if (finished) return;
    const json = parseJsonSafe(data);
    if (!isRecord(json)) return;
    switch (typeof json.type === 'string' ? json.type : event) {
      case 'message_start':
        return onMessageStart(json as unknown as RawMessageStartEvent);
      case 'content_block_start':
        return isRecord(json.content_block) ? onBlockStart(json as unknown as RawContentBlockStartEvent) : undefined;
      case 'content_block_delta':
        return isRecord(json.delta) ? onBlockDelta(json as unknown as RawContentBlockDeltaEvent) : undefined;
      case 'content_block_stop':
        return typeof json.index === 'number' ? onBlockStop(json.index) : undefined;
      case 'message_delta':
        return onMessageDelta(json as unknown as RawMessageDeltaEvent);
      case 'message_stop':
        return finish();
      case 'error':
        return onError(json);
      default:
        // ping and event types added later carry nothing to relay.
        return;
    }
  });

  function drain(): string {
    const bytes = out.join('');
    out = [];
    return bytes;
  }

  return {
    push(chunk) {
      tap.feed(chunk);
      return drain();
    },
    end() {
      tap.flush();
      if (!finished) finish();
      return drain();
    },
    usage: () => usageFromCounts(counts),
    outputText: () => text.join(''),
    responseModel: () => upstreamModel,
  };
}

/** A whole Anthropic SSE body as OpenAI chunk events (for a stream answer to a non-stream call). */
export function convertAnthropicSse(body: Buffer, fallbackModel: string, formatTool: string | null = null): string {
  const relay = createAnthropicStreamRelay(fallbackModel, formatTool);
  return String(relay.push(body)) + String(relay.end());
}
