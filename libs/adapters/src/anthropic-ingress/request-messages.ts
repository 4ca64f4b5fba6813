import type {
  ContentBlockParam,
  DocumentBlockParam,
  ImageBlockParam,
  MessageParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartImage,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import { isRecord } from '../json.util';
import { invalidField, requireString } from './errors';

/**
 * Anthropic `messages` to OpenAI chat messages. Blocks are read defensively: the body is the
 * client's parsed JSON, typed as the SDK's params only after the envelope checks.
 */

/** A `base64` or `url` image source as an OpenAI `image_url` part. */
function imagePart(block: ImageBlockParam, param: string): ChatCompletionContentPartImage {
  const source: unknown = block.source;
  if (isRecord(source) && source.type === 'base64') {
    const mediaType = requireString(source.media_type, `${param}.source.media_type`);
    const data = requireString(source.data, `${param}.source.data`);
    return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${data}` } };
  }
  if (isRecord(source) && source.type === 'url') {
    return { type: 'image_url', image_url: { url: requireString(source.url, `${param}.source.url`) } };
  }
  throw invalidField(`${param}.source.type`, 'must be "base64" or "url" on this route');
}

/** Plain-text documents become text; base64 PDFs become OpenAI `file` parts. */
function documentPart(block: DocumentBlockParam, param: string): ChatCompletionContentPart {
  const source: unknown = block.source;
  if (isRecord(source) && source.type === 'text') {
    return { type: 'text', text: requireString(source.data, `${param}.source.data`) };
  }
  if (isRecord(source) && source.type === 'base64') {
    const mediaType = requireString(source.media_type, `${param}.source.media_type`);
    const data = requireString(source.data, `${param}.source.data`);
    const filename = typeof block.title === 'string' && block.title !== '' ? block.title : 'document.pdf';
    return { type: 'file', file: { file_data: `data:${mediaType};base64,${data}`, filename } };
  }
  if (isRecord(source) && source.type === 'content' && typeof source.content === 'string') {
    return { type: 'text', text: source.content };
  }
  throw invalidField(`${param}.source.type`, 'must be "text" or "base64" on this route');
}

/** Checks that `value` is an array of objects with a string `type`, typed as SDK blocks. */
function blockList<T extends { type: string }>(value: unknown[], param: string): T[] {
  value.forEach((block, i) => {
    if (!isRecord(block) || typeof block.type !== 'string') throw invalidField(`${param}.${i}.type`, 'must be a string');
  });
  return value as T[];
}

/**
 * A tool_result as a `tool` message: its text blocks joined by newlines (`is_error` changes
 * nothing, the text says what failed). Images cannot ride in a tool message; they are returned to
 * go into the user message that follows.
 */
function toolResult(block: ToolResultBlockParam, param: string): { message: ChatCompletionToolMessageParam; images: ChatCompletionContentPart[] } {
  const toolCallId = requireString(block.tool_use_id, `${param}.tool_use_id`);
  const content: unknown = block.content;
  if (content === undefined || content === null || typeof content === 'string') {
    return { message: { role: 'tool', tool_call_id: toolCallId, content: content ?? '' }, images: [] };
  }
  if (!Array.isArray(content)) throw invalidField(`${param}.content`, 'must be a string or an array of blocks');
  const texts: string[] = [];
  const images: ChatCompletionContentPart[] = [];
  blockList<Exclude<ToolResultBlockParam['content'], string | undefined>[number]>(content, `${param}.content`).forEach((inner, j) => {
    const at = `${param}.content.${j}`;
    if (inner.type === 'text') texts.push(requireString(inner.text, `${at}.text`));
    else if (inner.type === 'image') images.push(imagePart(inner, at));
    else if (inner.type === 'document') images.push(documentPart(inner, at));
    else throw invalidField(`${at}.type`, `"${inner.type}" is not supported in a tool_result on this route`);
  });
  return { message: { role: 'tool', tool_call_id: toolCallId, content: texts.join('\n') }, images };
}

/** A user turn: tool messages first (OpenAI wants them right after the assistant's calls), then the rest. */
function userTurn(content: ContentBlockParam[], param: string): ChatCompletionMessageParam[] {
  const tools: ChatCompletionToolMessageParam[] = [];
  const parts: ChatCompletionContentPart[] = [];
  content.forEach((block, i) => {
    const at = `${param}.${i}`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: requireString(block.text, `${at}.text`) });
        break;
      case 'image':
        parts.push(imagePart(block, at));
        break;
      case 'document':
        parts.push(documentPart(block, at));
        break;
      case 'tool_result': {
        const { message, images } = toolResult(block, at);
        tools.push(message);
        parts.push(...images);
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw invalidField(`${at}.type`, `"${block.type}" is not supported on this route`);
    }
  });
  const messages: ChatCompletionMessageParam[] = [...tools];
  const [only] = parts;
  if (parts.length === 1 && only?.type === 'text') messages.push({ role: 'user', content: only.text });
  else if (parts.length > 0) messages.push({ role: 'user', content: parts });
  return messages;
}

/**
 * An assistant turn: text blocks joined without separator (citations split one text into many
 * blocks), tool_use to tool_calls, thinking blocks dropped (OpenAI-style upstreams take no
 * signed reasoning back, and several reject a `reasoning_content` field in requests).
 */
function assistantTurn(content: ContentBlockParam[], param: string): ChatCompletionAssistantMessageParam {
  const texts: string[] = [];
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = [];
  content.forEach((block, i) => {
    const at = `${param}.${i}`;
    switch (block.type) {
      case 'text':
        texts.push(requireString(block.text, `${at}.text`));
        break;
      case 'tool_use':
        toolCalls.push({
          id: requireString(block.id, `${at}.id`),
          type: 'function',
          function: { name: requireString(block.name, `${at}.name`), arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw invalidField(`${at}.type`, `"${block.type}" is not supported on this route`);
    }
  });
  if (toolCalls.length === 0) return { role: 'assistant', content: texts.join('') };
  return { role: 'assistant', content: texts.length > 0 ? texts.join('') : null, tool_calls: toolCalls };
}

/** Text of a `system` value: a string or text blocks (joined by newlines). */
export function systemText(value: unknown, param: string): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) throw invalidField(param, 'must be a string or an array of text blocks');
  return blockList<{ type: string; text?: unknown }>(value, param)
    .map((block, i) => {
      if (block.type !== 'text') throw invalidField(`${param}.${i}.type`, 'must be "text"');
      return requireString(block.text, `${param}.${i}.text`);
    })
    .join('\n');
}

/** All Anthropic messages as OpenAI chat messages, in order. */
export function anthropicToOpenAiMessages(messages: unknown[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  messages.forEach((raw, i) => {
    const param = `messages.${i}`;
    if (!isRecord(raw)) throw invalidField(param, 'must be an object');
    const message = raw as unknown as MessageParam;
    const content: unknown = message.content;
    if (message.role === 'system') {
      out.push({ role: 'system', content: systemText(content, `${param}.content`) });
      return;
    }
    if (message.role !== 'user' && message.role !== 'assistant') throw invalidField(`${param}.role`, 'must be "user" or "assistant"');
    if (typeof content === 'string') {
      out.push({ role: message.role, content });
      return;
    }
    if (!Array.isArray(content)) throw invalidField(`${param}.content`, 'must be a string or an array of content blocks');
    const blocks = blockList<ContentBlockParam>(content, `${param}.content`);
    if (message.role === 'user') out.push(...userTurn(blocks, `${param}.content`));
    else out.push(assistantTurn(blocks, `${param}.content`));
  });
  return out;
}
