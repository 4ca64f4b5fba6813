import { extractUsage } from '../usage';
import { isRecord, modelOf, nonEmptyString, parseJsonSafe } from '../json.util';
import type { ChatCall, ChatResult, UpstreamRequest } from '../types';
import { openAiChatHeaders, openAiChatUrl } from './api';
import { aggregateChatStream } from './stream-aggregate';

/**
 * The client's body goes upstream as sent, with two changes: the upstream's model id and, for
 * streams, `stream_options.include_usage` so the upstream reports usage in its last chunk.
 */
export function buildOpenAiChatRequest(call: ChatCall, apiKey: string): UpstreamRequest {
  const body: Record<string, unknown> = { ...call.body, model: call.upstreamModel };
  if (call.stream) {
    const options = isRecord(call.body.stream_options) ? call.body.stream_options : {};
    body.stream_options = { ...options, include_usage: true };
  }
  return { url: openAiChatUrl(call.provider.base_url), headers: openAiChatHeaders(apiKey, call.stream), body: JSON.stringify(body) };
}

function isEventStream(contentType: string): boolean {
  return contentType.toLowerCase().includes('text/event-stream');
}

/** Some relays label an SSE body as JSON or plain text; its first field gives it away. */
function looksLikeSse(body: Buffer): boolean {
  return /^\s*(data|event):/.test(body.subarray(0, 64).toString('utf8'));
}

function aggregatedResult(body: Buffer): ChatResult {
  const completion = aggregateChatStream(body);
  return {
    body: JSON.stringify(completion),
    contentType: 'application/json',
    usage: extractUsage(completion),
    responseModel: nonEmptyString(completion.model),
    json: completion,
  };
}

/**
 * A JSON answer is returned as the very bytes the upstream sent (parsed only to read usage and
 * model); an SSE answer to a non-stream request is folded into one chat.completion.
 */
export function readOpenAiChatResponse(body: Buffer, contentType: string): ChatResult {
  if (isEventStream(contentType)) return aggregatedResult(body);
  const json = parseJsonSafe(body);
  if (json === undefined && looksLikeSse(body)) return aggregatedResult(body);
  return {
    body,
    contentType: contentType || 'application/json',
    usage: extractUsage(json),
    responseModel: modelOf(json),
    ...(json === undefined ? {} : { json }),
  };
}
