import type { Usage } from '@aigw/usage';
import { createSseTap, tappedRelay } from '../sse';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';
import type { StreamRelay, UpstreamRequest } from '../types';
import { anthropicCountTokensUrl, anthropicHeaders, anthropicMessagesUrl } from '../anthropic/api';
import { anthropicUsage, mergeTokenCounts, NO_TOKEN_COUNTS, usageFromCounts, type AnthropicTokenCounts } from '../anthropic/usage';

/**
 * Anthropic clients talking to an Anthropic upstream: the request and the answer travel as they
 * are, and the gateway only reads usage, model and output text on the way.
 */

/** The client's Messages body with only `model` replaced, sent with this upstream key. */
export function buildMessagesPassthrough(
  body: Record<string, unknown>,
  upstreamModel: string,
  apiKey: string,
  baseUrl: string,
  clientHeaders: Record<string, string | string[] | undefined>,
): UpstreamRequest {
  return { url: anthropicMessagesUrl(baseUrl), headers: anthropicHeaders(apiKey, clientHeaders), body: withModel(body, upstreamModel) };
}

/** A count_tokens body with only `model` replaced, to `{base}/v1/messages/count_tokens` with the same headers as a message. */
export function buildCountTokensPassthrough(
  body: Record<string, unknown>,
  upstreamModel: string,
  apiKey: string,
  baseUrl: string,
  clientHeaders: Record<string, string | string[] | undefined>,
): UpstreamRequest {
  return { url: anthropicCountTokensUrl(baseUrl), headers: anthropicHeaders(apiKey, clientHeaders), body: withModel(body, upstreamModel) };
}

function withModel(body: Record<string, unknown>, upstreamModel: string): string {
  return JSON.stringify({ ...body, model: upstreamModel });
}

/** Usage of an Anthropic Message (`json.usage`), or null when it has none. */
export function readMessagesUsage(json: unknown): Usage | null {
  return isRecord(json) ? anthropicUsage(json.usage) : null;
}

/** Text, thinking and tool input of one stream event, for estimates when no usage comes. */
function eventText(json: Record<string, unknown>): string {
  const source = json.type === 'content_block_start' ? json.content_block : json.type === 'content_block_delta' ? json.delta : null;
  if (!isRecord(source)) return '';
  for (const key of ['text', 'thinking', 'partial_json', 'name']) {
    const value = source[key];
    if (typeof value === 'string') return value;
  }
  return '';
}

/** Relays an Anthropic stream byte for byte while tapping message_start and message_delta for usage. */
export function createMessagesTap(): StreamRelay {
  let counts: AnthropicTokenCounts = NO_TOKEN_COUNTS;
  let model: string | null = null;
  const output: string[] = [];
  const tap = createSseTap(({ data }) => {
    const json = parseJsonSafe(data);
    if (!isRecord(json)) return;
    if (json.type === 'message_start' && isRecord(json.message)) {
      model = nonEmptyString(json.message.model) ?? model;
      counts = mergeTokenCounts(counts, json.message.usage);
    } else if (json.type === 'message_delta') {
      counts = mergeTokenCounts(counts, json.usage);
    } else {
      output.push(eventText(json));
    }
  });
  return tappedRelay(tap, {
    usage: () => usageFromCounts(counts),
    outputText: () => output.join(''),
    responseModel: () => model,
  });
}
