import type { Usage } from '@aigw/usage';
import type { APIErrorObject } from '@anthropic-ai/sdk/resources/shared';
import type {
  MessageDeltaUsage,
  RawContentBlockDeltaEvent,
  RawContentBlockStopEvent,
  RawMessageDeltaEvent,
  RawMessageStopEvent,
} from '@anthropic-ai/sdk/resources/messages';
import { isRecord, nonEmptyString } from '../json.util';
import { createChatChunkTap, formatSseEvent } from '../sse';
import { extractUsage } from '../usage';
import type { IngressContentBlock, IngressMessage } from './message';
import { freshToolUseId, reasoningText, toAnthropicMessageId, toAnthropicStopReason, toAnthropicUsage } from './response-shared';

/** The Anthropic stream events this converter writes (SDK types, narrowed to what it fills). */
type IngressStreamEvent =
  | { type: 'message_start'; message: IngressMessage }
  | { type: 'content_block_start'; index: number; content_block: IngressContentBlock }
  | RawContentBlockDeltaEvent
  | RawContentBlockStopEvent
  | {
      type: 'message_delta';
      delta: Pick<RawMessageDeltaEvent.Delta, 'stop_reason' | 'stop_sequence'>;
      usage: Pick<MessageDeltaUsage, 'output_tokens'> & Partial<Pick<MessageDeltaUsage, 'input_tokens' | 'cache_read_input_tokens'>>;
    }
  | RawMessageStopEvent
  | { type: 'error'; error: APIErrorObject };

/** OpenAI SSE bytes in, Anthropic SSE text out. */
export interface OpenAiToAnthropicStream {
  /** Upstream bytes, split anywhere; returns the Anthropic events complete so far (maybe ''). */
  push(chunk: Buffer | string): string;
  /** The upstream ended: the remaining events (closing block, message_delta, message_stop). */
  end(): string;
}

/** One Anthropic `error` event, e.g. to end a stream whose upstream failed mid-way. */
export function anthropicStreamErrorEvent(message: string): string {
  return formatSseEvent('error', { type: 'error', error: { type: 'api_error', message } });
}

function errorMessage(error: unknown): string {
  if (isRecord(error) && typeof error.message === 'string' && error.message !== '') return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

type BlockKind = 'thinking' | 'text' | 'tool_use';

/**
 * Converts an OpenAI chat.completion.chunk stream into the Anthropic Messages stream: message_start,
 * then each content block (thinking, text, one tool_use per OpenAI tool call index) opened, filled
 * and closed in turn, then message_delta (stop reason and usage, known only at the end because
 * the usage chunk may follow finish_reason) and message_stop. An upstream error event ends the
 * stream with an Anthropic `error` event and nothing else.
 */
export function createOpenAiToAnthropicStream(requestedModel: string): OpenAiToAnthropicStream {
  let out: string[] = [];
  let started = false;
  let finished = false;
  let flushed = false;
  let open: { kind: BlockKind; index: number } | null = null;
  let nextIndex = 0;
  let finishReason: unknown = null;
  let usage: Usage | null = null;
  // OpenAI tool call index -> content block index; ids for upstreams that send no index.
  const toolBlocks = new Map<number, number>();
  const toolSlotsById = new Map<string, number>();
  let lastToolSlot = -1;

  const emit = (event: IngressStreamEvent): void => {
    out.push(formatSseEvent(event.type, event));
  };

  const start = (openAiId: unknown): void => {
    if (started) return;
    started = true;
    const message: IngressMessage = {
      id: toAnthropicMessageId(openAiId),
      type: 'message',
      role: 'assistant',
      model: requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(null),
    };
    emit({ type: 'message_start', message });
  };

  const closeOpen = (): void => {
    if (open === null) return;
    emit({ type: 'content_block_stop', index: open.index });
    open = null;
  };

  /** The index of the open block of this kind, opening it (and closing another) if needed. */
  const ensureBlock = (kind: 'thinking' | 'text'): number => {
    if (open?.kind === kind) return open.index;
    closeOpen();
    const index = nextIndex++;
    open = { kind, index };
    const block: IngressContentBlock = kind === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : { type: 'text', text: '' };
    emit({ type: 'content_block_start', index, content_block: block });
    return index;
  };

  const toolSlot = (call: Record<string, unknown>): number => {
    if (typeof call.index === 'number') return call.index;
    const id = nonEmptyString(call.id);
    if (id === null) return Math.max(lastToolSlot, 0);
    const known = toolSlotsById.get(id);
    if (known !== undefined) return known;
    const slot = Math.max(lastToolSlot, ...toolBlocks.keys()) + 1;
    toolSlotsById.set(id, slot);
    return slot;
  };

  const toolCallDelta = (call: unknown): void => {
    if (!isRecord(call)) return;
    const slot = toolSlot(call);
    lastToolSlot = slot;
    const fn = isRecord(call.function) ? call.function : {};
    let index = toolBlocks.get(slot);
    if (index === undefined) {
      closeOpen();
      index = nextIndex++;
      toolBlocks.set(slot, index);
      open = { kind: 'tool_use', index };
      const block: IngressContentBlock = { type: 'tool_use', id: nonEmptyString(call.id) ?? freshToolUseId(), name: nonEmptyString(fn.name) ?? '', input: {} };
      emit({ type: 'content_block_start', index, content_block: block });
    }
    const args = nonEmptyString(fn.arguments);
    if (args !== null) emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: args } });
  };

  const onChunk = (chunk: Record<string, unknown>): void => {
    start(chunk.id);
    usage = extractUsage(chunk) ?? usage;
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    const choice = choices.find((c) => isRecord(c) && (c.index === 0 || c.index === undefined));
    if (!isRecord(choice)) return;
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (!isRecord(delta)) return;
    const reasoning = reasoningText(delta);
    if (reasoning !== null) emit({ type: 'content_block_delta', index: ensureBlock('thinking'), delta: { type: 'thinking_delta', thinking: reasoning } });
    const text = nonEmptyString(delta.content) ?? nonEmptyString(delta.refusal);
    if (text !== null) emit({ type: 'content_block_delta', index: ensureBlock('text'), delta: { type: 'text_delta', text } });
    if (Array.isArray(delta.tool_calls)) (delta.tool_calls as unknown[]).forEach(toolCallDelta);
  };

  const finish = (): void => {
    if (finished) return;
    start(undefined);
    closeOpen();
    const final = toAnthropicUsage(usage);
    const deltaUsage =
      usage === null
        ? { output_tokens: 0 }
        : { output_tokens: final.output_tokens, input_tokens: final.input_tokens, cache_read_input_tokens: final.cache_read_input_tokens };
    emit({ type: 'message_delta', delta: { stop_reason: toAnthropicStopReason(finishReason), stop_sequence: null }, usage: deltaUsage });
    emit({ type: 'message_stop' });
    finished = true;
  };

  const fail = (error: unknown): void => {
    emit({ type: 'error', error: { type: 'api_error', message: errorMessage(error) } });
    finished = true;
  };

  const tap = createChatChunkTap({ finished: () => finished, done: finish, error: fail, chunk: onChunk });

  const drain = (): string => {
    const text = out.join('');
    out = [];
    return text;
  };

  return {
    push(chunk) {
      if (!finished) tap.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      return drain();
    },
    end() {
      if (!flushed && !finished) tap.flush();
      flushed = true;
      finish();
      return drain();
    },
  };
}
