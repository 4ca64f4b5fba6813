import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';
import { isRecord } from '../json.util';

let encoder: typeof O200k | undefined;

/**
 * The o200k_base encoder, loaded on first use: its tables take some 60 MB, which a gateway whose
 * tokens have no budget and whose upstreams always report usage never needs.
 */
function o200k(): typeof O200k {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encoder ??= require('gpt-tokenizer/encoding/o200k_base') as typeof O200k;
  return encoder;
}

// User text may contain strings such as "<|endoftext|>"; count them as plain text instead of
// letting the tokenizer throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// Per-message framing. OpenAI's cookbook counts 3 for current models; 4 leans the estimate up a
// little, which suits a budget reservation since upstream tokenizers differ from o200k.
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING_TOKENS = 3;
const TOKENS_PER_TOOL_CALL = 3;
// The lowest price OpenAI puts on an image (detail "low"); the real count depends on its size.
const TOKENS_PER_IMAGE = 85;

/** Tokens of a text with the o200k_base encoding (gpt-4o family). The encoder is loaded once. */
export function countTextTokens(text: string): number {
  return text === '' ? 0 : o200k().countTokens(text, PLAIN_TEXT);
}

function countString(value: unknown): number {
  return typeof value === 'string' ? countTextTokens(value) : 0;
}

function contentPartTokens(part: unknown): number {
  if (typeof part === 'string') return countTextTokens(part);
  if (!isRecord(part)) return 0;
  if (part.type === 'image_url' || part.type === 'image') return TOKENS_PER_IMAGE;
  return countString(part.text) + countString(part.refusal);
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return countTextTokens(content);
  if (!Array.isArray(content)) return 0;
  let sum = 0;
  for (const part of content) sum += contentPartTokens(part);
  return sum;
}

function toolCallTokens(toolCalls: unknown): number {
  if (!Array.isArray(toolCalls)) return 0;
  let sum = 0;
  for (const call of toolCalls) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    sum += TOKENS_PER_TOOL_CALL + countString(call.function.name) + countString(call.function.arguments);
  }
  return sum;
}

function messageTokens(message: unknown): number {
  if (!isRecord(message)) return 0;
  let sum = TOKENS_PER_MESSAGE + countString(message.role) + contentTokens(message.content);
  if (typeof message.name === 'string') sum += TOKENS_PER_NAME + countTextTokens(message.name);
  sum += toolCallTokens(message.tool_calls);
  if (isRecord(message.function_call)) sum += toolCallTokens([{ function: message.function_call }]);
  sum += countString(message.tool_call_id);
  return sum;
}

/** Tool (and legacy function) definitions, counted as the JSON the model is shown. */
function definitionTokens(definitions: unknown): number {
  return Array.isArray(definitions) && definitions.length > 0 ? countTextTokens(JSON.stringify(definitions)) : 0;
}

/**
 * Estimated prompt tokens of an OpenAI Chat Completions body: message texts (text parts of content
 * arrays included), tool call arguments, tool definitions, per-message framing and the reply priming.
 */
export function estimatePromptTokens(body: unknown): number {
  if (!isRecord(body)) return 0;
  let sum = REPLY_PRIMING_TOKENS;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) sum += messageTokens(message);
  }
  sum += definitionTokens(body.tools) + definitionTokens(body.functions);
  return sum;
}
