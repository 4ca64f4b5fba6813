import type { ChatCompletionCreateParamsBase, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { MessageCreateParamsBase, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import { GatewayError } from '@aigw/shared-errors';
import { isRecord } from '../json.util';
import type { ChatCall, UpstreamRequest } from '../types';
import { anthropicHeaders, anthropicMessagesUrl } from './api';
import { rejectInexpressible } from './inexpressible';
import { openAiToAnthropicMessages } from './messages';
import { thinkingOfEffort, type EnabledThinking } from './reasoning-effort';
import { checkToolModeWithThinking, formatToolChoice, structuredOutputOf, type StructuredOutput } from './structured-output';

/** The completion cap when the client sets none (Anthropic requires `max_tokens`). */
export const DEFAULT_MAX_TOKENS = 4096;

type OpenAiBody = Partial<Record<keyof ChatCompletionCreateParamsBase, unknown>> & Record<string, unknown>;

function nonNegativeInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stopSequences(stop: unknown): string[] {
  const list: unknown[] = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop : [];
  return list.filter((s): s is string => typeof s === 'string' && s !== '');
}

/** Function tools to Anthropic tools (other tool types, such as custom grammar tools, are refused before). */
function convertTools(tools: unknown): Tool[] {
  if (!Array.isArray(tools)) return [];
  const converted: Tool[] = [];
  for (const tool of tools as unknown[]) {
    if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function)) continue;
    const fn = (tool as unknown as Extract<ChatCompletionTool, { type: 'function' }>).function;
    if (typeof fn.name !== 'string') continue;
    const parameters = isRecord(fn.parameters) ? fn.parameters : {};
    const entry: Tool = { name: fn.name, input_schema: { type: 'object', properties: {}, ...parameters } as Tool.InputSchema };
    if (typeof fn.description === 'string') entry.description = fn.description;
    converted.push(entry);
  }
  return converted;
}

function baseToolChoice(choice: unknown): ToolChoice | null {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return { type: 'tool', name: choice.function.name };
  }
  return null;
}

/** OpenAI tool_choice and parallel_tool_calls: false to one Anthropic tool_choice. */
export function convertToolChoice(choice: unknown, parallelToolCalls: unknown): ToolChoice | null {
  const converted = baseToolChoice(choice);
  if (parallelToolCalls !== false || converted?.type === 'none') return converted;
  return { ...(converted ?? { type: 'auto' }), disable_parallel_tool_use: true };
}

/** Throws invalid_request naming the first field Anthropic cannot express; returns the structured-output plan. */
export function checkAnthropicChatBody(body: OpenAiBody, upstreamModel: string, defaultMaxTokens: number): AnthropicPlan {
  rejectInexpressible(body);
  const maxTokens = maxTokensOf(body, defaultMaxTokens);
  const structured = structuredOutputOf(body.response_format, upstreamModel);
  const thinking = isRecord(body.thinking) ? body.thinking : thinkingOfEffort(body, maxTokens);
  checkToolModeWithThinking(structured, thinking);
  return { structured, thinking, maxTokens };
}

/** What the checks decided: the structured-output route, the thinking to send, the completion cap. */
export interface AnthropicPlan {
  structured: StructuredOutput | null;
  thinking: Record<string, unknown> | EnabledThinking | null;
  maxTokens: number;
}

function maxTokensOf(body: OpenAiBody, defaultMaxTokens: number): number {
  return nonNegativeInt(body.max_completion_tokens) ?? nonNegativeInt(body.max_tokens) ?? defaultMaxTokens;
}

/**
 * `tool_choice: {type: "allowed_tools", allowed_tools: {mode, tools}}`: the tools the model may
 * call this turn. Anthropic has no such choice, but sending only those tools says the same.
 */
export function allowedToolsOf(choice: unknown): { names: Set<string>; mode: 'auto' | 'required' } | null {
  if (!isRecord(choice) || choice.type !== 'allowed_tools' || !isRecord(choice.allowed_tools)) return null;
  const { mode, tools } = choice.allowed_tools;
  const names = new Set<string>();
  for (const tool of Array.isArray(tools) ? tools : []) {
    const name = isRecord(tool) && isRecord(tool.function) ? tool.function.name : undefined;
    if (typeof name === 'string') names.add(name);
  }
  return { names, mode: mode === 'required' ? 'required' : 'auto' };
}

/** Tools and tool_choice: the client's function tools, plus the format tool when the answer comes through one. */
function applyTools(params: MessageCreateParamsBase, body: OpenAiBody, structured: StructuredOutput | null): void {
  const allowed = allowedToolsOf(body.tool_choice);
  const tools = convertTools(body.tools).filter((t) => allowed === null || allowed.names.has(t.name));
  const choice = convertToolChoice(allowed?.mode ?? body.tool_choice, body.parallel_tool_calls);
  if (structured?.mode === 'tool') {
    if (tools.some((t) => t.name === structured.tool.name)) {
      throw new GatewayError('invalid_request', `response_format.json_schema.name "${structured.tool.name}" is also the name of a tool; rename one`, { param: 'response_format.json_schema.name' });
    }
    params.tools = [...tools, structured.tool];
    params.tool_choice = formatToolChoice(choice, structured.tool.name, tools.length > 0);
    return;
  }
  if (tools.length === 0) return;
  params.tools = tools;
  if (choice) params.tool_choice = choice;
}

function userIdOf(body: OpenAiBody): string | null {
  for (const value of [body.safety_identifier, body.user]) if (typeof value === 'string' && value !== '') return value;
  return null;
}

/**
 * The Anthropic Messages body for an OpenAI Chat Completions body. Only fields with an Anthropic
 * counterpart are carried over, since Anthropic rejects unknown ones; a field that would change
 * the answer and has no counterpart is refused (inexpressible.ts lists every decision).
 * `thinking` and `top_k`, which are Anthropic's own fields, are kept when a client sends them
 * (as some do through extra_body).
 */
export function toAnthropicParams(body: OpenAiBody, upstreamModel: string, stream: boolean, defaultMaxTokens: number): MessageCreateParamsBase {
  const { structured, thinking, maxTokens } = checkAnthropicChatBody(body, upstreamModel, defaultMaxTokens);
  const { system, messages } = openAiToAnthropicMessages(body.messages);
  const params: MessageCreateParamsBase = { model: upstreamModel, max_tokens: maxTokens, messages };
  if (system !== null) params.system = system;
  const stops = stopSequences(body.stop);
  if (stops.length > 0) params.stop_sequences = stops;
  const temperature = finiteNumber(body.temperature);
  if (temperature !== null) params.temperature = temperature;
  const topP = finiteNumber(body.top_p);
  if (topP !== null) params.top_p = topP;
  const topK = nonNegativeInt(body.top_k);
  if (topK !== null) params.top_k = topK;
  if (thinking !== null) params.thinking = thinking as unknown as MessageCreateParamsBase['thinking'];
  applyTools(params, body, structured);
  if (structured?.mode === 'native') params.output_config = { format: structured.format };
  const userId = userIdOf(body);
  if (userId !== null) params.metadata = { user_id: userId };
  if (stream) params.stream = true;
  return params;
}

export function buildAnthropicChatRequest(call: ChatCall, apiKey: string, defaultMaxTokens: number): UpstreamRequest {
  const params = toAnthropicParams(call.body, call.upstreamModel, call.stream, defaultMaxTokens);
  return { url: anthropicMessagesUrl(call.provider.base_url), headers: anthropicHeaders(apiKey, call.clientHeaders), body: JSON.stringify(params) };
}
