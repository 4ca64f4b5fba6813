import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';
import { isRecord } from '../json.util';

let encoder: typeof O200k | undefined;

/**
 * The o200k_base encoder, loaded on first use: its tables take some 60 MB of RSS and over a second
 * to load, which a gateway whose upstreams report usage never needs (holds and rate limits use
 * promptTokenBound; only a usage estimate and a locally answered count_tokens count exactly).
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

/**
 * An upper bound of countTextTokens(text) without the tokenizer: its UTF-8 length. o200k_base is a
 * byte-level BPE and special tokens are counted as plain text (PLAIN_TEXT), so every token stands
 * for at least one byte of the text and there are never more tokens than bytes.
 */
export function textTokenBound(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** How the texts of a prompt are counted: exactly (countTextTokens) or bounded (textTokenBound). */
type TextCounter = (text: string) => number;

function countString(value: unknown, count: TextCounter): number {
  return typeof value === 'string' && value !== '' ? count(value) : 0;
}

function contentPartTokens(part: unknown, count: TextCounter): number {
  if (typeof part === 'string') return countString(part, count);
  if (!isRecord(part)) return 0;
  if (part.type === 'image_url' || part.type === 'image') return TOKENS_PER_IMAGE;
  return countString(part.text, count) + countString(part.refusal, count);
}

function contentTokens(content: unknown, count: TextCounter): number {
  if (typeof content === 'string') return countString(content, count);
  if (!Array.isArray(content)) return 0;
  let sum = 0;
  for (const part of content) sum += contentPartTokens(part, count);
  return sum;
}

function toolCallTokens(toolCalls: unknown, count: TextCounter): number {
  if (!Array.isArray(toolCalls)) return 0;
  let sum = 0;
  for (const call of toolCalls) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    sum += TOKENS_PER_TOOL_CALL + countString(call.function.name, count) + countString(call.function.arguments, count);
  }
  return sum;
}

function messageTokens(message: unknown, count: TextCounter): number {
  if (!isRecord(message)) return 0;
  let sum = TOKENS_PER_MESSAGE + countString(message.role, count) + contentTokens(message.content, count);
  if (typeof message.name === 'string') sum += TOKENS_PER_NAME + countString(message.name, count);
  sum += toolCallTokens(message.tool_calls, count);
  if (isRecord(message.function_call)) sum += toolCallTokens([{ function: message.function_call }], count);
  sum += countString(message.tool_call_id, count);
  return sum;
}

/** Tool (and legacy function) definitions, counted as the JSON the model is shown. */
function definitionTokens(definitions: unknown, count: TextCounter): number {
  return Array.isArray(definitions) && definitions.length > 0 ? count(JSON.stringify(definitions)) : 0;
}

function promptTokens(body: unknown, count: TextCounter): number {
  if (!isRecord(body)) return 0;
  let sum = REPLY_PRIMING_TOKENS;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) sum += messageTokens(message, count);
  }
  sum += definitionTokens(body.tools, count) + definitionTokens(body.functions, count);
  return sum;
}

/**
 * Estimated prompt tokens of an OpenAI Chat Completions body: message texts (text parts of content
 * arrays included), tool call arguments, tool definitions, per-message framing and the reply priming.
 * Loads the tokenizer; what bills or answers a count needs it, a hold does not (promptTokenBound).
 */
export function estimatePromptTokens(body: unknown): number {
  return promptTokens(body, countTextTokens);
}

/**
 * An upper bound of estimatePromptTokens(body), never below it: the same framing, each text counted
 * by its UTF-8 length (textTokenBound). About a microsecond per kilobyte and no tokenizer, so the
 * budget hold and the tokens-per-minute admission cost nothing and load nothing; English text is
 * held about 4x, CJK about 3x its exact count.
 */
export function promptTokenBound(body: unknown): number {
  return promptTokens(body, textTokenBound);
}
