import { randomUUID } from 'node:crypto';
import type { ChatCompletion, ChatCompletionMessageFunctionToolCall } from 'openai/resources/chat/completions';
import type { ContentBlock, Message, StopReason } from '@anthropic-ai/sdk/resources/messages';
import { aggregateChatStream } from '../openai/stream-aggregate';
import { extractUsage } from '../usage';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';
import type { ChatResult } from '../types';
import { anthropicUsage, openAiUsageJson } from './usage';

type FinishReason = ChatCompletion.Choice['finish_reason'];

/** Anthropic stop_reason to OpenAI finish_reason; null while the message is not finished. */
export function finishReasonOf(stopReason: StopReason | string | null | undefined): FinishReason | null {
  switch (stopReason) {
    case null:
    case undefined:
      return null;
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn and anything newer.
      return 'stop';
  }
}

/** The OpenAI id for an Anthropic message id, the same in streamed and plain answers. */
export function completionIdOf(messageId: unknown): string {
  return `chatcmpl-${nonEmptyString(messageId) ?? randomUUID()}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function toolCallOf(block: Extract<ContentBlock, { type: 'tool_use' }>): ChatCompletionMessageFunctionToolCall {
  return { id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } };
}

/**
 * An Anthropic Message as an OpenAI chat.completion (reasoning in `reasoning_content`). The input
 * of `formatTool` (the tool a response_format was sent as) is the answer: it becomes the content,
 * and a message that called no other tool finishes with `stop`.
 */
export function messageToCompletion(message: Message, formatTool: string | null = null): ChatCompletion {
  const texts: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = [];
  for (const block of Array.isArray(message.content) ? message.content : []) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'thinking') thinking.push(block.thinking);
    else if (block.type === 'tool_use' && block.name === formatTool) texts.push(JSON.stringify(block.input ?? {}));
    else if (block.type === 'tool_use') toolCalls.push(toolCallOf(block));
  }
  const answeredByFormat = formatTool !== null && toolCalls.length === 0 && message.stop_reason === 'tool_use';
  const reply: ChatCompletion.Choice['message'] & { reasoning_content?: string } = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : null,
    refusal: null,
  };
  if (thinking.length > 0) reply.reasoning_content = thinking.join('');
  if (toolCalls.length > 0) reply.tool_calls = toolCalls;
  const usage = anthropicUsage(message.usage);
  const completion: ChatCompletion = {
    id: completionIdOf(message.id),
    object: 'chat.completion',
    created: nowSeconds(),
    model: message.model,
    choices: [{ index: 0, message: reply, logprobs: null, finish_reason: answeredByFormat ? 'stop' : (finishReasonOf(message.stop_reason) ?? 'stop') }],
  };
  if (usage) completion.usage = openAiUsageJson(usage);
  return completion;
}

function isMessage(json: unknown): json is Message {
  return isRecord(json) && Array.isArray(json.content) && (json.type === 'message' || json.role === 'assistant');
}

/**
 * A 2xx Anthropic answer to a non-stream request, converted to a chat.completion. A body that is
 * not a Message is returned as it is; an SSE body (a stream nobody asked for) is converted chunk
 * by chunk and folded into one completion.
 */
export function readAnthropicChatResponse(body: Buffer, contentType: string, convertStream: (sse: Buffer) => string, formatTool: string | null = null): ChatResult {
  if (contentType.toLowerCase().includes('text/event-stream')) {
    const completion = aggregateChatStream(convertStream(body));
    return { body: JSON.stringify(completion), contentType: 'application/json', usage: extractUsage(completion), responseModel: nonEmptyString(completion.model), json: completion };
  }
  const json = parseJsonSafe(body);
  if (!isMessage(json)) return { body, contentType: contentType || 'application/json', usage: null, responseModel: null };
  const completion = messageToCompletion(json, formatTool);
  return {
    body: JSON.stringify(completion),
    contentType: 'application/json',
    usage: anthropicUsage(json.usage),
    responseModel: nonEmptyString(json.model),
    json: completion,
  };
}
