import type { ChatCall, ProviderAdapter, UpstreamRequest } from '../types';
import { buildEmbeddingsRequest } from '../openai/embeddings';
import { openAiChatHeaders } from '../openai/api';
import { readOpenAiChatResponse } from '../openai/chat';
import { createOpenAiStreamRelay } from '../openai/stream-relay';
import { openAiAdapter } from '../openai/adapter';
import { zhipuChatUrl, zhipuEmbeddingsUrl } from './api';

/**
 * The client's body with the upstream's model id and nothing else changed. Unlike the OpenAI
 * adapter no `stream_options` is added: Zhipu reports usage in its last stream chunk unasked.
 */
export function buildZhipuChatRequest(call: ChatCall, apiKey: string): UpstreamRequest {
  const body = { ...call.body, model: call.upstreamModel };
  return { url: zhipuChatUrl(call.provider.base_url), headers: openAiChatHeaders(apiKey, call.stream), body: JSON.stringify(body) };
}

/**
 * Zhipu GLM through its own API. Answers are OpenAI-shaped and reach the client untouched
 * (`reasoning_content`, `web_search`, `content_filter`, `request_id` included); usage is read from
 * the body or the last chunk that carries it. Zhipu has no models endpoint.
 */
export const zhipuAdapter: ProviderAdapter = {
  apiType: 'zhipu',
  buildChatRequest: buildZhipuChatRequest,
  buildEmbeddingsRequest: (call, apiKey) => buildEmbeddingsRequest(zhipuEmbeddingsUrl(call.provider.base_url), call, apiKey),
  readChatResponse: (body, contentType) => readOpenAiChatResponse(body, contentType),
  createStreamRelay: () => createOpenAiStreamRelay(),
  streamErrorEvent: (message) => openAiAdapter.streamErrorEvent(message),
  modelsRequest: () => null,
  readModelIds: () => [],
};
