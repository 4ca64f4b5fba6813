import type { MessageCreateParams, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { GatewayError } from '@aigw/shared-errors';
import { isRecord } from '../json.util';
import { invalidField, requireString } from './errors';
import { anthropicToOpenAiMessages, systemText } from './request-messages';

/**
 * Anthropic Messages request -> OpenAI Chat Completions request. Dropped on purpose: `thinking`
 * (no OpenAI equivalent), `top_k`, `cache_control` marks, and tools without an `input_schema`
 * (Anthropic server tools such as web search, which an OpenAI-style upstream cannot run).
 */

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(key, 'must be a number');
  return value;
}

function convertTools(value: unknown): ChatCompletionFunctionTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField('tools', 'must be an array');
  const tools: ChatCompletionFunctionTool[] = [];
  value.forEach((tool: unknown, i) => {
    if (!isRecord(tool)) throw invalidField(`tools.${i}`, 'must be an object');
    if (!isRecord(tool.input_schema)) return;
    const fn: ChatCompletionFunctionTool['function'] = { name: requireString(tool.name, `tools.${i}.name`), parameters: tool.input_schema };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    tools.push({ type: 'function', function: fn });
  });
  return tools;
}

function convertToolChoice(value: unknown): { choice?: ChatCompletionToolChoiceOption; parallel?: false } {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalidField('tool_choice', 'must be an object');
  const choice = value as unknown as ToolChoice;
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true ? { parallel: false as const } : {};
  switch (choice.type) {
    case 'auto':
      return { choice: 'auto', ...parallel };
    case 'any':
      return { choice: 'required', ...parallel };
    case 'none':
      return { choice: 'none' };
    case 'tool':
      return { choice: { type: 'function', function: { name: requireString(choice.name, 'tool_choice.name') } }, ...parallel };
    default:
      throw invalidField('tool_choice.type', 'must be one of "auto", "any", "tool", "none"');
  }
}

function stopList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidField('stop_sequences', 'must be an array of strings');
  const stops = value.map((stop: unknown, i) => requireString(stop, `stop_sequences.${i}`));
  return stops.length > 0 ? stops : undefined;
}

/** Throws `invalid_request` unless the envelope Anthropic requires is there (model, messages, max_tokens). */
export function checkMessagesEnvelope(body: Record<string, unknown>): asserts body is Record<string, unknown> & { model: string; messages: unknown[]; max_tokens: number } {
  if (typeof body.model !== 'string' || body.model.trim() === '') throw envelopeField(body, 'model', 'must be a non-empty string');
  if (!Array.isArray(body.messages)) throw envelopeField(body, 'messages', 'must be an array');
  if (typeof body.max_tokens !== 'number' || !Number.isFinite(body.max_tokens)) throw envelopeField(body, 'max_tokens', 'must be a number');
}

/** Names what is wrong with an envelope field: absent ("is required") or present with the wrong value. */
function envelopeField(body: Record<string, unknown>, param: string, wrong: string): GatewayError {
  return invalidField(param, body[param] === undefined ? 'is required' : wrong);
}

/**
 * The OpenAI chat body for an Anthropic Messages body. `model` is kept as given (the proxy
 * replaces it with the routed upstream id). Throws GatewayError `invalid_request` with `param`.
 */
export function anthropicToOpenAiRequest(body: Record<string, unknown>): Record<string, unknown> {
  checkMessagesEnvelope(body);
  const params = body as unknown as MessageCreateParams;
  const messages: ChatCompletionMessageParam[] = [];
  if (body.system !== undefined && body.system !== null) {
    const system = systemText(params.system, 'system');
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  messages.push(...anthropicToOpenAiMessages(body.messages));

  const out: ChatCompletionCreateParamsBase = { model: body.model, messages, max_tokens: body.max_tokens };
  const temperature = optionalNumber(body, 'temperature');
  if (temperature !== undefined) out.temperature = temperature;
  const topP = optionalNumber(body, 'top_p');
  if (topP !== undefined) out.top_p = topP;
  const stop = stopList(body.stop_sequences);
  if (stop) out.stop = stop;
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw invalidField('stream', 'must be a boolean');
  if (body.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (isRecord(body.metadata) && typeof body.metadata.user_id === 'string') out.user = body.metadata.user_id;

  const tools = convertTools(body.tools);
  const { choice, parallel } = convertToolChoice(body.tool_choice);
  // OpenAI rejects tool_choice and parallel_tool_calls without tools.
  if (tools.length > 0) {
    out.tools = tools;
    if (choice !== undefined) out.tool_choice = choice;
    if (parallel === false) out.parallel_tool_calls = false;
  }
  return { ...out };
}
