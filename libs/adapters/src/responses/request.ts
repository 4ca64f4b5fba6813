import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { isRecord } from '../json.util';
import { itemsToMessages } from './input-items';
import { invalidField } from './shared';
import { toChatToolChoice, toChatTools } from './tools';

/**
 * Responses fields only the Responses server acts on (its storage, its include list, its context
 * truncation, its stream framing, its prompt-cache retention): removed, the answer does not change.
 * `metadata` is not sent either (chat keeps metadata only for stored completions); it is echoed in the
 * response. `previous_response_id` is resolved by the caller into `history`.
 */
const SERVER_ONLY = ['store', 'include', 'truncation', 'stream_options', 'prompt_cache_retention', 'prompt_cache_options', 'metadata', 'previous_response_id'];

/** Fields converted below (not passed through as they are). */
const CONVERTED = ['input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens', 'reasoning', 'text', 'stream'];

/** Fields that change the answer and that chat cannot express, when set to anything but their default. */
const REFUSED: Record<string, (value: unknown) => boolean> = {
  background: (v) => v === true,
  conversation: (v) => v !== null,
  prompt: (v) => v !== null,
  max_tool_calls: (v) => v !== null,
  top_logprobs: (v) => v !== null && v !== 0,
  context_management: (v) => v !== null && !(Array.isArray(v) && v.length === 0),
};
const REFUSED_FIELDS = Object.entries(REFUSED);

/** Every field that is not passed through as it is: server-only, converted or refused. */
const NOT_PASSED = new Set([...SERVER_ONLY, ...CONVERTED, ...Object.keys(REFUSED)]);

/** The input items of a request as a list (a string input is one user message item), for storing. */
export function responsesInputItems(body: Record<string, unknown>): unknown[] {
  const input = body.input;
  if (typeof input === 'string') {
    const item: ResponseInputItem = { type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] };
    return [item];
  }
  return Array.isArray(input) ? [...(input as unknown[])] : [];
}

/** `text.format` -> `response_format`; `text.verbosity` -> `verbosity`. */
function textOptions(text: unknown, chat: Record<string, unknown>): void {
  if (text === undefined || text === null) return;
  if (!isRecord(text)) throw invalidField('text', 'must be an object');
  if (text.verbosity !== undefined && text.verbosity !== null) chat.verbosity = text.verbosity;
  const format = text.format;
  if (format === undefined || format === null) return;
  if (!isRecord(format)) throw invalidField('text.format', 'must be an object');
  if (format.type === 'text') return;
  if (format.type === 'json_object') {
    chat.response_format = { type: 'json_object' };
    return;
  }
  if (format.type !== 'json_schema') throw invalidField('text.format.type', `'${String(format.type)}' cannot be expressed on a chat upstream`);
  if (typeof format.name !== 'string' || format.name === '') throw invalidField('text.format.name', 'must be a non-empty string');
  if (!isRecord(format.schema)) throw invalidField('text.format.schema', 'must be an object');
  const jsonSchema: Record<string, unknown> = { name: format.name, schema: format.schema };
  if (typeof format.description === 'string') jsonSchema.description = format.description;
  if (typeof format.strict === 'boolean') jsonSchema.strict = format.strict;
  chat.response_format = { type: 'json_schema', json_schema: jsonSchema };
}

/** `reasoning.effort` -> `reasoning_effort`; `summary` only shapes how the Responses server reports reasoning. */
function reasoningOptions(reasoning: unknown, chat: Record<string, unknown>): void {
  if (reasoning === undefined || reasoning === null) return;
  if (!isRecord(reasoning)) throw invalidField('reasoning', 'must be an object');
  if (reasoning.effort !== undefined && reasoning.effort !== null) chat.reasoning_effort = reasoning.effort;
}

function inputItems(body: Record<string, unknown>): unknown[] {
  if (typeof body.input === 'string') return [{ role: 'user', content: body.input }];
  if (Array.isArray(body.input)) return body.input as unknown[];
  if (body.input === undefined) return [];
  throw invalidField('input', 'must be a string or an array of input items');
}

/**
 * A Responses request -> a Chat Completions body. `history` holds the input and output items of the
 * earlier responses a `previous_response_id` names; they come before `body.input`. Fields this
 * module does not know pass through untouched.
 */
export function responsesToChatRequest(body: Record<string, unknown>, history: readonly unknown[] = []): Record<string, unknown> {
  for (const [field, refused] of REFUSED_FIELDS) {
    if (body[field] !== undefined && refused(body[field])) throw invalidField(field, 'cannot be expressed on a chat completions upstream');
  }
  const chat: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!NOT_PASSED.has(key)) chat[key] = body[key];
  }

  const messages: ChatCompletionMessageParam[] = [];
  if (body.instructions !== undefined && body.instructions !== null) {
    if (typeof body.instructions !== 'string') throw invalidField('instructions', 'must be a string');
    if (body.instructions !== '') messages.push({ role: 'system', content: body.instructions });
  }
  const items = [...history, ...inputItems(body)];
  const inputIsString = typeof body.input === 'string';
  messages.push(...itemsToMessages(items, (i) => (i < history.length ? 'previous_response_id' : inputIsString ? 'input' : `input[${i - history.length}]`)));
  chat.messages = messages;

  const tools = toChatTools(body.tools);
  if (tools !== undefined && tools.length > 0) {
    chat.tools = tools;
    if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  }
  const toolChoice = toChatToolChoice(body.tool_choice);
  if (toolChoice !== undefined && (tools?.length ?? 0) > 0) chat.tool_choice = toolChoice;
  else if (toolChoice !== undefined && toolChoice !== 'none' && toolChoice !== 'auto') throw invalidField('tool_choice', 'names a tool but the request has no tools');

  if (body.max_output_tokens !== undefined && body.max_output_tokens !== null) chat.max_tokens = body.max_output_tokens;
  reasoningOptions(body.reasoning, chat);
  textOptions(body.text, chat);
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}
