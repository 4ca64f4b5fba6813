import type { Usage } from '@aigw/usage';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';
import { createSseTap, tappedRelay } from '../sse';
import type { StreamRelay, UpstreamRequest } from '../types';
import { openAiHeaders, stripTrailingSlashes } from './api';

/**
 * Responses API clients talking to an upstream that speaks it: the request and the answer travel
 * as they are, and the gateway only reads usage, model, output text and the response id.
 */

export function openAiResponsesUrl(baseUrl: string): string {
  return `${stripTrailingSlashes(baseUrl)}/responses`;
}

/** The client's Responses body with only `model` replaced, sent to `{base_url}/responses` with this key. */
export function buildResponsesPassthrough(body: Record<string, unknown>, upstreamModel: string, apiKey: string, baseUrl: string): UpstreamRequest {
  const accept = body.stream === true ? 'text/event-stream' : 'application/json';
  return { url: openAiResponsesUrl(baseUrl), headers: openAiHeaders(apiKey, accept), body: JSON.stringify({ ...body, model: upstreamModel }) };
}

/** A count as reported: absent is null, anything but a number NaN (the proxy's trust checks refuse it). */
function count(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : Number.NaN;
}

/**
 * Our Usage from a `response`'s usage (input_tokens includes the cached part, as prompt_tokens
 * does on chat), or null when it has none.
 */
export function readResponsesUsage(response: unknown): Usage | null {
  if (!isRecord(response) || !isRecord(response.usage)) return null;
  const u = response.usage;
  const input = count(u.input_tokens);
  const output = count(u.output_tokens);
  if (input === null && output === null) return null;
  const cached = isRecord(u.input_tokens_details) ? count(u.input_tokens_details.cached_tokens) : null;
  const reasoning = isRecord(u.output_tokens_details) ? count(u.output_tokens_details.reasoning_tokens) : null;
  const prompt = input ?? 0;
  const completion = output ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cached_tokens: cached ?? 0, reasoning_tokens: reasoning ?? 0 };
}

/** Text of a `response`'s output items (message text, reasoning summaries, function call arguments). */
export function responseOutputText(response: unknown): string {
  if (!isRecord(response) || !Array.isArray(response.output)) return '';
  const parts: string[] = [];
  for (const item of response.output) {
    if (!isRecord(item)) continue;
    if (typeof item.arguments === 'string') parts.push(String(item.name ?? ''), item.arguments);
    for (const list of [item.content, item.summary]) {
      if (!Array.isArray(list)) continue;
      for (const part of list) if (isRecord(part) && typeof part.text === 'string') parts.push(part.text);
    }
  }
  return parts.join('');
}

/** A pass-through stream's tap: a StreamRelay that also tells the id of the response it carried. */
export interface ResponsesTap extends StreamRelay {
  responseId(): string | null;
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);
const DELTA_EVENTS = new Set(['response.output_text.delta', 'response.function_call_arguments.delta', 'response.reasoning_summary_text.delta', 'response.reasoning_text.delta', 'response.refusal.delta']);

/** Relays a Responses event stream byte for byte, reading usage, model, id and text on the way. */
export function createResponsesTap(): ResponsesTap {
  let usage: Usage | null = null;
  let model: string | null = null;
  let id: string | null = null;
  const output: string[] = [];
  const tap = createSseTap(({ data }) => {
    const json = parseJsonSafe(data);
    if (!isRecord(json) || typeof json.type !== 'string') return;
    if (isRecord(json.response)) {
      id = nonEmptyString(json.response.id) ?? id;
      model = nonEmptyString(json.response.model) ?? model;
      if (FINAL_EVENTS.has(json.type)) usage = readResponsesUsage(json.response) ?? usage;
    } else if (DELTA_EVENTS.has(json.type) && typeof json.delta === 'string') {
      output.push(json.delta);
    }
  });
  const relay = tappedRelay(tap, { usage: () => usage, outputText: () => output.join(''), responseModel: () => model });
  return { ...relay, responseId: () => id };
}
