import type { Usage } from '@aigw/usage';
import { GatewayError } from '@aigw/shared-errors';
import type { Response, ResponseUsage } from 'openai/resources/responses/responses';
import { isRecord } from '../json.util';
import { randomHex } from '../random-id';

/** What the converters need to know about the response being built. */
export interface ResponseContext {
  /** `resp_...`, minted by the gateway. */
  id: string;
  /** The model the client asked for (echoed, never the upstream's name). */
  model: string;
  /** Unix seconds. */
  createdAt: number;
  /** The client's Responses body: instructions, tools, text, reasoning, metadata... are echoed. */
  request: Record<string, unknown>;
}

/** A Responses object as this gateway writes it: `output_text` is added by the SDKs, not the API. */
export type GatewayResponse = Omit<Response, 'output_text'> & { store?: boolean };

/** A 400 `invalid_request` naming the field. */
export function invalidField(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${param}: ${message}`, { param });
}

/** A fresh item id with the Responses prefix (`msg`, `fc`, `ctc`, `rs`). */
export function freshItemId(prefix: 'msg' | 'fc' | 'ctc' | 'rs'): string {
  return `${prefix}_${randomHex(16)}`;
}

/** The names of the request's custom (free-form) tools, whose chat tool calls become custom_tool_call items. */
export function customToolNames(request: Record<string, unknown>): ReadonlySet<string> {
  const names = new Set<string>();
  if (!Array.isArray(request.tools)) return names;
  for (const tool of request.tools as unknown[]) {
    if (isRecord(tool) && tool.type === 'custom' && typeof tool.name === 'string') names.add(tool.name);
  }
  return names;
}

/** Chat usage (as `extractUsage` reads it) -> Responses usage. */
export function toResponsesUsage(usage: Usage): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.cached_tokens, cache_write_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens },
    total_tokens: usage.total_tokens,
  };
}

/** The Responses status for a chat `finish_reason`. */
export function responseEnding(finishReason: unknown): Pick<Response, 'status' | 'incomplete_details'> {
  if (finishReason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

function echo<T>(value: unknown, fallback: T): T {
  return value === undefined ? fallback : (value as T);
}

/**
 * The response object around `output`, echoing the request's settings as the Responses API does
 * (instructions, tools, tool_choice, text, reasoning, metadata, store, previous_response_id...).
 */
export function buildResponse(ctx: ResponseContext, output: GatewayResponse['output'], ending: Pick<Response, 'status' | 'incomplete_details'>, usage?: Usage | null): GatewayResponse {
  const r = ctx.request;
  const response: GatewayResponse = {
    id: ctx.id,
    object: 'response',
    created_at: ctx.createdAt,
    status: ending.status,
    background: false,
    error: null,
    incomplete_details: ending.incomplete_details,
    instructions: echo(r.instructions, null),
    max_output_tokens: echo(r.max_output_tokens, null),
    metadata: echo(r.metadata, {}),
    model: ctx.model,
    output,
    parallel_tool_calls: echo(r.parallel_tool_calls, true),
    previous_response_id: echo(r.previous_response_id, null),
    prompt_cache_key: echo(r.prompt_cache_key, null),
    reasoning: echo(r.reasoning, { effort: null, summary: null }),
    safety_identifier: echo(r.safety_identifier, null),
    service_tier: echo(r.service_tier, 'default'),
    store: echo(r.store, true),
    temperature: echo(r.temperature, null),
    text: echo(r.text, { format: { type: 'text' } }),
    tool_choice: echo(r.tool_choice, 'auto'),
    tools: echo(r.tools, []),
    top_p: echo(r.top_p, null),
    truncation: echo(r.truncation, 'disabled'),
  };
  if (typeof r.user === 'string') response.user = r.user;
  if (ending.status !== 'in_progress') response.completed_at = ending.status === 'completed' ? Math.floor(Date.now() / 1000) : null;
  if (usage) response.usage = toResponsesUsage(usage);
  return response;
}
