import type { ProviderAdapter } from '../types';
import { modelListIds } from '../json.util';
import { openAiHeaders, openAiModelsUrl } from './api';
import { buildOpenAiChatRequest, readOpenAiChatResponse } from './chat';
import { buildOpenAiEmbeddingsRequest } from './embeddings';
import { openAiErrorEvent } from './stream-error';
import { createOpenAiStreamRelay } from './stream-relay';

/** The adapter for OpenAI and every OpenAI-compatible upstream (DeepSeek, Kimi, GLM relays, ...). */
export const openAiAdapter: ProviderAdapter = {
  apiType: 'openai',
  buildChatRequest: buildOpenAiChatRequest,
  buildEmbeddingsRequest: buildOpenAiEmbeddingsRequest,
  readChatResponse: (body, contentType) => readOpenAiChatResponse(body, contentType),
  createStreamRelay: () => createOpenAiStreamRelay(),
  streamErrorEvent: (message) => openAiErrorEvent(message),
  modelsRequest: (provider, apiKey) => ({ url: openAiModelsUrl(provider), headers: openAiHeaders(apiKey, 'application/json') }),
  // A bare array of models is accepted too (some OpenAI-compatible servers answer so).
  readModelIds: (json) => modelListIds(Array.isArray(json) ? { data: json } : json),
};
