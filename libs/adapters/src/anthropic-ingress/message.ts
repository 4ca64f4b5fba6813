import type { Message, TextBlock, ThinkingBlock, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { GatewayError } from '@aigw/shared-errors';
import { isRecord, nonEmptyString, toolInput } from '../json.util';
import { extractUsage } from '../usage';
import { freshToolUseId, type IngressUsage, reasoningText, toAnthropicMessageId, toAnthropicStopReason, toAnthropicUsage } from './response-shared';

/** The content blocks this route produces (the SDK's block types, without server-tool fields). */
export type IngressContentBlock = Pick<TextBlock, 'type' | 'text'> | ThinkingBlock | Pick<ToolUseBlock, 'type' | 'id' | 'name' | 'input'>;

/** An Anthropic Message as this route returns it. */
export type IngressMessage = Pick<Message, 'id' | 'type' | 'role' | 'model' | 'stop_reason' | 'stop_sequence'> & {
  content: IngressContentBlock[];
  usage: IngressUsage;
};

/** Message text: a string, or OpenAI text parts joined (some upstreams answer with parts). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function contentBlocks(message: Record<string, unknown>): IngressContentBlock[] {
  const blocks: IngressContentBlock[] = [];
  const reasoning = reasoningText(message);
  if (reasoning !== null) blocks.push({ type: 'thinking', thinking: reasoning, signature: '' });
  const text = contentText(message.content) || (nonEmptyString(message.refusal) ?? '');
  if (text !== '') blocks.push({ type: 'text', text });
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls as unknown[]) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? call.function : {};
      blocks.push({ type: 'tool_use', id: nonEmptyString(call.id) ?? freshToolUseId(), name: nonEmptyString(fn.name) ?? '', input: toolInput(fn.arguments) });
    }
  }
  return blocks;
}

/**
 * An OpenAI `chat.completion` as an Anthropic `Message`. `model` is the one the client asked for.
 * Only the first choice is read (Anthropic has no `n`). Throws `upstream_error` when the answer
 * has no choice at all.
 */
export function openAiToAnthropicMessage(json: unknown, requestedModel: string): Record<string, unknown> {
  const choices = isRecord(json) && Array.isArray(json.choices) ? (json.choices as unknown[]) : [];
  const choice = choices.find((c) => isRecord(c) && (c.index === 0 || c.index === undefined)) ?? choices[0];
  if (!isRecord(json) || !isRecord(choice)) {
    throw new GatewayError('upstream_error', 'upstream answer has no choices', { status: 502 });
  }
  const message = isRecord(choice.message) ? choice.message : {};
  const out: IngressMessage = {
    id: toAnthropicMessageId(json.id),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content: contentBlocks(message),
    stop_reason: toAnthropicStopReason(choice.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(extractUsage(json)),
  };
  return { ...out };
}
