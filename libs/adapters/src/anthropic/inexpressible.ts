import { GatewayError } from '@aigw/shared-errors';
import { isRecord } from '../json.util';
import { imageBlock } from './messages';

/**
 * Chat Completions fields the Anthropic Messages API cannot express. A field that changes what the
 * client gets back (several choices, log probabilities, audio, moderation results, a penalty the
 * model would not apply) is refused with a 400 naming it, unless it is sent with its no-op value
 * (n: 1, logprobs: false, penalties 0, ...), which many clients send by default.
 *
 * Mapped elsewhere (request.ts): messages, model, max_completion_tokens / max_tokens, stop,
 * temperature, top_p, tools, tool_choice, parallel_tool_calls, response_format,
 * user / safety_identifier (metadata.user_id), stream, reasoning_effort (an extended-thinking
 * budget: reasoning-effort.ts); Anthropic's own top_k and thinking.
 * Ignored, since dropping them changes nothing the client reads: stream_options (usage is always
 * sent), store and metadata (OpenAI's stored completions), service_tier, prompt_cache_key,
 * prompt_cache_retention, prompt_cache_options (Anthropic caches by cache_control), prediction
 * (a latency hint), seed (best effort on OpenAI too), verbosity (a hint Claude has no parameter for).
 */

function refuse(field: string, why: string): never {
  throw new GatewayError('invalid_request', `${field} ${why}; an anthropic-type provider cannot express it`, { param: field });
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function checkBodyFields(body: Record<string, unknown>): void {
  if (present(body.n) && body.n !== 1) refuse('n', 'other than 1 asks for several choices');
  if (present(body.logprobs) && body.logprobs !== false) refuse('logprobs', 'asks for log probabilities');
  if (present(body.top_logprobs) && body.top_logprobs !== 0) refuse('top_logprobs', 'asks for log probabilities');
  for (const field of ['presence_penalty', 'frequency_penalty'] as const) {
    if (present(body[field]) && body[field] !== 0) refuse(field, 'other than 0 sets a penalty');
  }
  if (isRecord(body.logit_bias) && Object.keys(body.logit_bias).length > 0) refuse('logit_bias', 'biases tokens');
  if (present(body.audio)) refuse('audio', 'asks for audio output');
  if (Array.isArray(body.modalities) && body.modalities.some((m) => m !== 'text')) refuse('modalities', 'other than ["text"] asks for audio output');
  if (present(body.moderation)) refuse('moderation', 'asks for moderation results');
  if (present(body.web_search_options)) refuse('web_search_options', 'asks for OpenAI web search');
  if (present(body.functions)) refuse('functions', '(deprecated function calling) is answered with function_call; use tools');
  if (present(body.function_call)) refuse('function_call', '(deprecated function calling) is answered with function_call; use tool_choice');
}

function checkTools(tools: unknown): void {
  if (!Array.isArray(tools)) return;
  tools.forEach((tool: unknown, i) => {
    if (isRecord(tool) && tool.type !== 'function') refuse(`tools[${i}].type`, `"${String(tool.type)}" is not a function tool`);
  });
}

/** Content parts with no Anthropic block: audio, files, and images at neither a data nor an http(s) URL. */
function checkMessages(messages: unknown): void {
  if (!Array.isArray(messages)) return;
  messages.forEach((message: unknown, i) => {
    if (!isRecord(message)) return;
    if (message.role === 'function') refuse(`messages[${i}].role`, '"function" (deprecated function calling) has no tool call id to answer');
    if (!Array.isArray(message.content)) return;
    message.content.forEach((part: unknown, j) => {
      if (!isRecord(part)) return;
      const at = `messages[${i}].content[${j}]`;
      if (part.type === 'input_audio' || part.type === 'file') refuse(`${at}.type`, `"${part.type}" has no Anthropic content block`);
      if (part.type === 'image_url' && isRecord(part.image_url) && typeof part.image_url.url === 'string' && imageBlock(part.image_url.url) === null) {
        refuse(`${at}.image_url.url`, 'is neither a data URL nor an http(s) URL');
      }
    });
  });
}

/** Throws invalid_request naming the first field of `body` an Anthropic upstream cannot express. */
export function rejectInexpressible(body: Record<string, unknown>): void {
  checkBodyFields(body);
  checkTools(body.tools);
  checkMessages(body.messages);
}
