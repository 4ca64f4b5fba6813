import type { ProviderAdapter } from '../types';
import { formatSseData } from '../sse';
import { isRecord } from '../json.util';
import { openAiHeaders, openAiModelsUrl } from './api';
import { buildOpenAiChatRequest, readOpenAiChatResponse } from './chat';
import { buildOpenAiEmbeddingsRequest } from './embeddings';
import { createOpenAiStreamRelay } from './stream-relay';

/** Model ids of an OpenAI models list (`data[].id`); a bare array of models is accepted too. */
function readOpenAiModelIds(json: unknown): string[] {
  const list = isRecord(json) ? json.data : json;
  if (!Array.isArray(list)) return [];
  const ids: string[] = [];
  for (const item of list) {
    if (isRecord(item) && typeof item.id === 'string' && item.id !== '') ids.push(item.id);
  }
  return ids;
}

/** The adapter for OpenAI and every OpenAI-compatible upstream (DeepSeek, Kimi, GLM relays, ...). */
export const openAiAdapter: ProviderAdapter = {
  apiType: 'openai',
  buildChatRequest: buildOpenAiChatRequest,
  buildEmbeddingsRequest: buildOpenAiEmbeddingsRequest,
  readChatResponse: (body, contentType) => readOpenAiChatResponse(body, contentType),
  createStreamRelay: () => createOpenAiStreamRelay(),
  streamErrorEvent: (message) => formatSseData({ error: { message, type: 'upstream_error', code: 'upstream_error', param: null } }),
  modelsRequest: (provider, apiKey) => ({ url: openAiModelsUrl(provider), headers: openAiHeaders(apiKey, 'application/json') }),
  readModelIds: readOpenAiModelIds,
};
