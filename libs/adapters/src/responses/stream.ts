import type { Usage } from '@aigw/usage';
import type { Response, ResponseOutputItem, ResponseOutputMessage } from 'openai/resources/responses/responses';
import { isRecord, nonEmptyString } from '../json.util';
import { reasoningText } from '../anthropic-ingress/response-shared';
import { createChatChunkTap, formatSseEvent } from '../sse';
import { extractUsage } from '../usage';
import { messageItem, outputText, reasoningItem, refusalPart, type ItemStatus } from './output-items';
import { buildResponse, customToolNames, freshItemId, responseEnding, type ResponseContext } from './shared';
import { createToolItems, type StreamEvent } from './stream-tools';

/** Chat SSE bytes in, Responses SSE events out. */
export interface ChatToResponsesStream {
  /** Upstream bytes, split anywhere; returns the Responses events complete so far (maybe ''). */
  push(chatSse: Buffer | string): string;
  /** The upstream ended: the open items closed, then response.completed or response.incomplete. */
  end(): string;
  /** The upstream failed mid-way: `response.failed` carrying `message` and the items done so far. */
  fail(message: string): string;
  /** The output items done so far, in output order (for storing). */
  output(): unknown[];
}

/** An `error` event, for a Responses stream whose upstream failed where no converter holds the sequence. */
export function responsesStreamErrorEvent(message: string, sequenceNumber = 0): string {
  return formatSseEvent('error', { type: 'error', code: 'server_error', message, param: null, sequence_number: sequenceNumber });
}

interface TextItem {
  kind: 'reasoning' | 'message';
  index: number;
  id: string;
  text: string;
  /** Message parts done so far, and the part being filled. */
  parts: ResponseOutputMessage['content'];
  part: 'text' | 'refusal' | null;
}

function errorMessage(error: unknown): string {
  if (isRecord(error) && typeof error.message === 'string' && error.message !== '') return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * Converts a chat.completion.chunk stream into the Responses stream, chunk by chunk:
 * response.created and response.in_progress, then per output item output_item.added, its content
 * parts and deltas (reasoning_text, output_text, refusal, function_call_arguments,
 * custom_tool_call_input), their done events and output_item.done; last response.completed (or
 * response.incomplete when the answer was cut) with the usage of the include_usage chunk.
 */
export function createChatToResponsesStream(ctx: ResponseContext): ChatToResponsesStream {
  let out: string[] = [];
  let sequence = 0;
  let started = false;
  let finished = false;
  let flushed = false;
  let nextIndex = 0;
  let finishReason: unknown = null;
  let usage: Usage | null = null;
  let open: TextItem | null = null;
  const items: (ResponseOutputItem | undefined)[] = [];

  const emit = (event: StreamEvent): void => {
    out.push(formatSseEvent(event.type, { ...event, sequence_number: sequence++ }));
  };
  const done = (): ResponseOutputItem[] => items.filter((i): i is ResponseOutputItem => i !== undefined);
  // The SDK's Response type carries `output_text`, a convenience the SDK computes itself.
  const response = (status: Response['status'], ending = responseEnding(null)): Response =>
    buildResponse(ctx, done(), status === 'completed' || status === 'incomplete' ? ending : { status, incomplete_details: null }, usage) as Response;

  const start = (): void => {
    if (started) return;
    started = true;
    emit({ type: 'response.created', response: response('in_progress') });
    emit({ type: 'response.in_progress', response: response('in_progress') });
  };

  const closePart = (item: TextItem): void => {
    const at = { item_id: item.id, output_index: item.index, content_index: item.parts.length };
    if (item.part === 'text') {
      emit({ type: 'response.output_text.done', ...at, text: item.text, logprobs: [] });
      emit({ type: 'response.content_part.done', ...at, part: outputText(item.text) });
      item.parts.push(outputText(item.text));
    } else if (item.part === 'refusal') {
      emit({ type: 'response.refusal.done', ...at, refusal: item.text });
      emit({ type: 'response.content_part.done', ...at, part: refusalPart(item.text) });
      item.parts.push(refusalPart(item.text));
    }
    item.part = null;
    item.text = '';
  };

  const closeText = (status: ItemStatus): void => {
    const item = open;
    if (item === null) return;
    open = null;
    let final: ResponseOutputItem;
    if (item.kind === 'reasoning') {
      const at = { item_id: item.id, output_index: item.index, content_index: 0 };
      emit({ type: 'response.reasoning_text.done', ...at, text: item.text });
      emit({ type: 'response.content_part.done', ...at, part: { type: 'reasoning_text', text: item.text } });
      final = reasoningItem(item.id, item.text, status === 'incomplete' ? 'incomplete' : 'completed');
    } else {
      closePart(item);
      final = messageItem(item.id, item.parts, status);
    }
    items[item.index] = final;
    emit({ type: 'response.output_item.done', output_index: item.index, item: final });
  };

  const openText = (kind: TextItem['kind']): TextItem => {
    if (open?.kind === kind) return open;
    closeText('completed');
    const item: TextItem = { kind, index: nextIndex++, id: freshItemId(kind === 'reasoning' ? 'rs' : 'msg'), text: '', parts: [], part: null };
    open = item;
    const added = kind === 'reasoning' ? reasoningItem(item.id, null, 'in_progress') : messageItem(item.id, [], 'in_progress');
    emit({ type: 'response.output_item.added', output_index: item.index, item: added });
    if (kind === 'reasoning') {
      emit({ type: 'response.content_part.added', item_id: item.id, output_index: item.index, content_index: 0, part: { type: 'reasoning_text', text: '' } });
    }
    return item;
  };

  const reasoningDelta = (delta: string): void => {
    const item = openText('reasoning');
    item.text += delta;
    emit({ type: 'response.reasoning_text.delta', item_id: item.id, output_index: item.index, content_index: 0, delta });
  };

  const messageDelta = (kind: 'text' | 'refusal', delta: string): void => {
    const item = openText('message');
    const at = { item_id: item.id, output_index: item.index, content_index: item.parts.length };
    if (item.part !== kind) {
      closePart(item);
      at.content_index = item.parts.length;
      item.part = kind;
      emit({ type: 'response.content_part.added', ...at, part: kind === 'text' ? outputText('') : refusalPart('') });
    }
    item.text += delta;
    if (kind === 'text') emit({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
    else emit({ type: 'response.refusal.delta', ...at, delta });
  };

  const tools = createToolItems(
    {
      emit,
      openItem: () => {
        closeText('completed');
        return nextIndex++;
      },
      itemDone: (index, item) => {
        items[index] = item;
        emit({ type: 'response.output_item.done', output_index: index, item });
      },
    },
    customToolNames(ctx.request),
  );

  const onChunk = (chunk: Record<string, unknown>): void => {
    usage = extractUsage(chunk) ?? usage;
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    const choice = choices.find((c) => isRecord(c) && (c.index === 0 || c.index === undefined));
    if (!isRecord(choice)) return;
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (!isRecord(delta)) return;
    const reasoning = reasoningText(delta);
    if (reasoning !== null) reasoningDelta(reasoning);
    const text = nonEmptyString(delta.content);
    if (text !== null) messageDelta('text', text);
    const refusal = nonEmptyString(delta.refusal);
    if (refusal !== null) messageDelta('refusal', refusal);
    if (Array.isArray(delta.tool_calls)) (delta.tool_calls as unknown[]).forEach(tools.delta);
  };

  const finish = (): void => {
    if (finished) return;
    finished = true;
    start();
    const ending = responseEnding(finishReason);
    const status: ItemStatus = ending.status === 'incomplete' ? 'incomplete' : 'completed';
    const text = open as TextItem | null;
    // Close what is still open in output order.
    const pending = [...tools.pending(), ...(text ? [{ index: text.index, close: closeText }] : [])];
    pending.sort((a, b) => a.index - b.index).forEach((p) => p.close(status));
    const final = response(ending.status, ending);
    emit(ending.status === 'incomplete' ? { type: 'response.incomplete', response: final } : { type: 'response.completed', response: final });
  };

  const fail = (message: string): void => {
    if (finished) return;
    finished = true;
    start();
    const failed = { ...response('failed'), error: { code: 'server_error' as const, message } };
    emit({ type: 'response.failed', response: failed });
  };

  const tap = createChatChunkTap({ finished: () => finished, done: finish, error: (error) => fail(errorMessage(error)), chunk: onChunk });

  const drain = (): string => {
    const text = out.join('');
    out = [];
    return text;
  };

  return {
    push(chatSse) {
      start();
      if (!finished) tap.feed(typeof chatSse === 'string' ? Buffer.from(chatSse, 'utf8') : chatSse);
      return drain();
    },
    end() {
      if (!flushed && !finished) tap.flush();
      flushed = true;
      finish();
      return drain();
    },
    fail(message) {
      fail(message);
      return drain();
    },
    output: () => done(),
  };
}
