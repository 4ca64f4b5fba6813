import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartText,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { isRecord } from '../json.util';
import { invalidField } from './shared';
import { CUSTOM_INPUT_ARG } from './tools';

/** An assistant message as sent upstream: DeepSeek/Kimi-style `reasoning_content` may ride along. */
type AssistantMessage = ChatCompletionAssistantMessageParam & { reasoning_content?: string; tool_calls?: ChatCompletionMessageFunctionToolCall[] };

/** Names a part of an item for errors: `input[3].content[1]` (items from a stored response name `previous_response_id`). */
export type ItemParam = (index: number) => string;

function text(value: unknown, param: string): string {
  if (typeof value !== 'string') throw invalidField(param, 'must be a string');
  return value;
}

/** A user-side content part -> a chat content part. */
function userPart(part: unknown, param: string): ChatCompletionContentPart {
  if (!isRecord(part)) throw invalidField(param, 'must be an object');
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: text(part.text, `${param}.text`) };
    case 'input_image': {
      if (typeof part.image_url !== 'string' || part.image_url === '') {
        const field = part.file_id === undefined || part.file_id === null ? 'image_url' : 'file_id';
        throw invalidField(`${param}.${field}`, 'an image must be given as image_url (a URL or data URL); file ids cannot be expressed on a chat upstream');
      }
      const detail = part.detail === 'low' || part.detail === 'high' ? part.detail : 'auto';
      return { type: 'image_url', image_url: { url: part.image_url, detail } };
    }
    case 'input_file': {
      if (typeof part.file_data !== 'string') throw invalidField(param, 'a file must be given inline as file_data; file_id and file_url cannot be expressed on a chat upstream');
      const file: { file_data: string; filename?: string } = { file_data: part.file_data };
      if (typeof part.filename === 'string') file.filename = part.filename;
      return { type: 'file', file };
    }
    default:
      throw invalidField(`${param}.type`, `content part type '${String(part.type)}' cannot be expressed on a chat upstream`);
  }
}

function userContent(content: unknown, param: string): string | ChatCompletionContentPart[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalidField(param, 'must be a string or an array of content parts');
  return content.map((p, i) => userPart(p, `${param}[${i}]`));
}

/** System and developer messages carry text only on chat. */
function textOnly(content: unknown, param: string): string | ChatCompletionContentPartText[] {
  const parts = userContent(content, param);
  if (typeof parts === 'string') return parts;
  return parts.map((p, i) => {
    if (p.type !== 'text') throw invalidField(`${param}[${i}].type`, 'system and developer messages carry text only on a chat upstream');
    return p;
  });
}

/** Stands in for a tool output's images in its tool message; the images follow in a user message. */
export const TOOL_IMAGES_NOTE = '(the image output of this tool call follows in the next user message)';

/**
 * A tool output: a string or content parts. Chat tool messages carry text only, so image and file
 * parts are returned apart, to follow the tool messages as a user message.
 */
function toolOutput(output: unknown, param: string): { content: string | ChatCompletionContentPartText[]; media: ChatCompletionContentPart[] } {
  if (typeof output === 'string') return { content: output, media: [] };
  if (!Array.isArray(output)) throw invalidField(param, 'must be a string or an array of content parts');
  const parts = output.map((p, i) => userPart(p, `${param}[${i}]`));
  const texts = parts.filter((p): p is ChatCompletionContentPartText => p.type === 'text');
  const media = parts.filter((p) => p.type !== 'text');
  if (media.length > 0) texts.push({ type: 'text', text: TOOL_IMAGES_NOTE });
  return { content: texts, media };
}

/** The reasoning text of a reasoning item: its reasoning_text content, else its summary ('' when encrypted only). */
function reasoningOf(item: Record<string, unknown>): string {
  const pick = (list: unknown, type: string): string[] =>
    Array.isArray(list) ? list.filter((p) => isRecord(p) && p.type === type && typeof p.text === 'string').map((p) => (p as { text: string }).text) : [];
  const content = pick(item.content, 'reasoning_text');
  return (content.length > 0 ? content : pick(item.summary, 'summary_text')).join('\n\n');
}

/**
 * Responses input items -> chat messages. A run of assistant-side items (assistant messages,
 * function_call, custom_tool_call, reasoning) becomes one assistant message with `tool_calls`, as
 * chat requires; the reasoning text of the current turn (after the last user message) rides on it
 * as `reasoning_content`, earlier turns' reasoning and encrypted-only reasoning are not sent.
 */
export function itemsToMessages(items: readonly unknown[], paramOf: ItemParam): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  let assistant: AssistantMessage | null = null;
  let texts: string[] = [];
  let reasoning: string[] = [];
  let refusal: string[] = [];

  // Images of tool outputs, sent as one user message once the run of tool messages ends.
  let toolMedia: ChatCompletionContentPart[] = [];
  const flushMedia = (): void => {
    if (toolMedia.length > 0) messages.push({ role: 'user', content: toolMedia });
    toolMedia = [];
  };
  const flush = (): void => {
    if (assistant === null) return;
    if (texts.length > 0) assistant.content = texts.join('\n\n');
    if (refusal.length > 0) assistant.refusal = refusal.join('\n\n');
    if (reasoning.length > 0) assistant.reasoning_content = reasoning.join('\n\n');
    messages.push(assistant);
    assistant = null;
    texts = [];
    reasoning = [];
    refusal = [];
  };
  const open = (): AssistantMessage => (assistant ??= { role: 'assistant', content: null });
  const toolCall = (id: unknown, name: unknown, args: string, param: string): void => {
    const call: ChatCompletionMessageFunctionToolCall = {
      id: text(id, `${param}.call_id`),
      type: 'function',
      function: { name: text(name, `${param}.name`), arguments: args },
    };
    const message = open();
    message.tool_calls = [...(message.tool_calls ?? []), call];
  };
  // Reasoning waits for the assistant message it belongs to; a user turn in between drops it.
  let pendingReasoning: string[] = [];
  let lastUserAt = -1;

  items.forEach((raw, index) => {
    const param = paramOf(index);
    if (!isRecord(raw)) throw invalidField(param, 'must be an object');
    const type = raw.type ?? (raw.role === undefined ? undefined : 'message');
    const assistantSide = type === 'function_call' || type === 'custom_tool_call' || (type === 'message' && raw.role === 'assistant');
    if (type === 'reasoning') {
      const r = reasoningOf(raw);
      if (r !== '') pendingReasoning.push(r);
      return;
    }
    const toolResult = type === 'function_call_output' || type === 'custom_tool_call_output';
    if (!toolResult) flushMedia();
    if (assistantSide) {
      open();
      reasoning.push(...pendingReasoning);
      pendingReasoning = [];
    } else {
      flush();
      pendingReasoning = [];
    }
    switch (type) {
      case 'message': {
        const content = `${param}.content`;
        if (raw.role === 'assistant') {
          if (typeof raw.content === 'string') texts.push(raw.content);
          else if (Array.isArray(raw.content)) {
            const parts: string[] = [];
            raw.content.forEach((p: unknown, i) => {
              if (isRecord(p) && p.type === 'refusal') refusal.push(text(p.refusal, `${content}[${i}].refusal`));
              else if (isRecord(p) && (p.type === 'output_text' || p.type === 'input_text')) parts.push(text(p.text, `${content}[${i}].text`));
              else throw invalidField(`${content}[${i}].type`, 'an assistant message carries output_text and refusal parts');
            });
            if (parts.length > 0) texts.push(parts.join(''));
          } else throw invalidField(content, 'must be a string or an array of content parts');
        } else if (raw.role === 'user') {
          messages.push({ role: 'user', content: userContent(raw.content, content) });
          lastUserAt = messages.length - 1;
        }
        else if (raw.role === 'system' || raw.role === 'developer') messages.push({ role: 'system', content: textOnly(raw.content, content) });
        else throw invalidField(`${param}.role`, "must be 'user', 'assistant', 'system' or 'developer'");
        return;
      }
      case 'function_call':
        return toolCall(raw.call_id, raw.name, text(raw.arguments, `${param}.arguments`), param);
      case 'custom_tool_call':
        return toolCall(raw.call_id, raw.name, JSON.stringify({ [CUSTOM_INPUT_ARG]: text(raw.input, `${param}.input`) }), param);
      case 'function_call_output':
      case 'custom_tool_call_output':
      {
        const result = toolOutput(raw.output, `${param}.output`);
        messages.push({ role: 'tool', tool_call_id: text(raw.call_id, `${param}.call_id`), content: result.content });
        toolMedia.push(...result.media);
        return;
      }
      case 'item_reference':
        throw invalidField(param, 'item_reference cannot be resolved for a chat completions upstream; send the item itself');
      default:
        throw invalidField(`${param}.type`, `input item type '${String(type)}' cannot be expressed on a chat completions upstream`);
    }
  });
  flush();
  flushMedia();
  // Reasoning of earlier turns is not sent back (DeepSeek and Kimi take it only within the current turn's tool loop).
  messages.slice(0, Math.max(lastUserAt, 0)).forEach((m) => delete (m as AssistantMessage).reasoning_content);
  return messages;
}
