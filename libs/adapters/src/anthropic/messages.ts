import type {
  ChatCompletionContentPart,
  ChatCompletionContentPartText,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type {
  Base64ImageSource,
  CacheControlEphemeral,
  ContentBlockParam,
  ImageBlockParam,
  MessageParam,
  TextBlockParam,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import { isRecord, toolInput } from '../json.util';

/**
 * OpenAI chat messages to Anthropic's `system` and `messages`: system and developer messages are
 * lifted into `system`, tool results go into user turns, and consecutive turns of one role are
 * merged, since Anthropic wants user and assistant turns to alternate.
 */

export interface ConvertedMessages {
  system: string | null;
  messages: MessageParam[];
}

interface Turn {
  role: 'user' | 'assistant';
  content: ContentBlockParam[];
}

/** Prompt-caching hint some OpenAI-style clients put on a part; kept when it is there. */
function cacheControlOf(part: Record<string, unknown>): { cache_control?: CacheControlEphemeral } {
  return isRecord(part.cache_control) ? { cache_control: part.cache_control as unknown as CacheControlEphemeral } : {};
}

function textBlock(text: string, part: Record<string, unknown> = {}): TextBlockParam {
  return { type: 'text', text, ...cacheControlOf(part) };
}

/** The text of a string or of an array of text parts (other parts ignored), parts joined by newlines. */
function plainText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is ChatCompletionContentPartText => isRecord(part) && part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

/** The bytes of percent-encoded data-URL text (`%XX` is one byte, other text is UTF-8). */
function percentDecode(text: string): Buffer {
  const pieces = text.split(/(%[0-9a-f]{2})/i).map((piece) => (/^%[0-9a-f]{2}$/i.test(piece) ? Buffer.from([parseInt(piece.slice(1), 16)]) : Buffer.from(piece, 'utf8')));
  return Buffer.concat(pieces);
}

/** A data URL to a base64 source (percent-encoded data is re-encoded); an http(s) URL to a url source. */
export function imageBlock(url: string, part: Record<string, unknown> = {}): ImageBlockParam | null {
  const dataUrl = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/is.exec(url);
  if (dataUrl) {
    const [, mediaType = '', params = '', payload = ''] = dataUrl;
    const data = /;base64/i.test(params) ? payload : percentDecode(payload).toString('base64');
    const source: Base64ImageSource = { type: 'base64', media_type: mediaType.toLowerCase() as Base64ImageSource['media_type'], data };
    return { type: 'image', source, ...cacheControlOf(part) };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url }, ...cacheControlOf(part) };
  return null;
}

/** Text and image parts to blocks; empty text (which Anthropic rejects) and other part types are left out. */
function contentBlocks(content: unknown): ContentBlockParam[] {
  if (typeof content === 'string') return content === '' ? [] : [textBlock(content)];
  if (!Array.isArray(content)) return [];
  const blocks: ContentBlockParam[] = [];
  for (const part of content as unknown[]) {
    if (!isRecord(part)) continue;
    const typed = part as unknown as ChatCompletionContentPart;
    if (typed.type === 'text' && typeof typed.text === 'string' && typed.text !== '') blocks.push(textBlock(typed.text, part));
    if (typed.type === 'image_url' && isRecord(typed.image_url) && typeof typed.image_url.url === 'string') {
      const image = imageBlock(typed.image_url.url, part);
      if (image) blocks.push(image);
    }
  }
  return blocks;
}

function toolUseBlocks(calls: unknown): ToolUseBlockParam[] {
  if (!Array.isArray(calls)) return [];
  const blocks: ToolUseBlockParam[] = [];
  for (const call of calls as unknown[]) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    const { id, function: fn } = call as unknown as ChatCompletionMessageToolCall & { function: { name?: unknown; arguments?: unknown } };
    if (typeof fn.name !== 'string') continue;
    blocks.push({ type: 'tool_use', id: typeof id === 'string' ? id : '', name: fn.name, input: toolInput(fn.arguments) });
  }
  return blocks;
}

function toolResultBlock(message: Record<string, unknown>): ToolResultBlockParam {
  const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: typeof message.tool_call_id === 'string' ? message.tool_call_id : '' };
  if (typeof message.content === 'string') {
    if (message.content !== '') block.content = message.content;
  } else {
    const parts = contentBlocks(message.content).filter((b): b is TextBlockParam | ImageBlockParam => b.type === 'text' || b.type === 'image');
    if (parts.length > 0) block.content = parts;
  }
  return block;
}

function addTurn(turns: Turn[], role: Turn['role'], content: ContentBlockParam[]): void {
  if (content.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last.content.push(...content);
  else turns.push({ role, content: [...content] });
}

/** OpenAI chat messages as Anthropic's system text and alternating turns (the opposite of anthropic-ingress's anthropicToOpenAiMessages). */
export function openAiToAnthropicMessages(messages: unknown): ConvertedMessages {
  const systemParts: string[] = [];
  const turns: Turn[] = [];
  for (const raw of Array.isArray(messages) ? (messages as unknown[]) : []) {
    if (!isRecord(raw)) continue;
    const message = raw as unknown as ChatCompletionMessageParam;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = plainText(message.content);
        if (text !== '') systemParts.push(text);
        break;
      }
      case 'user':
        addTurn(turns, 'user', contentBlocks(message.content));
        break;
      case 'assistant':
        addTurn(turns, 'assistant', [...contentBlocks(message.content), ...toolUseBlocks(message.tool_calls)]);
        break;
      case 'tool':
        addTurn(turns, 'user', [toolResultBlock(raw)]);
        break;
      default:
        // Legacy `function` messages have no tool_use id to answer; Anthropic cannot take them.
        break;
    }
  }
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : null, messages: turns };
}
