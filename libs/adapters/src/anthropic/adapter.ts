import type { ProviderAdapter } from '../types';
import { modelListIds } from '../json.util';
import { anthropicHeaders, anthropicModelsUrl } from './api';
import { openAiErrorEvent } from '../openai/stream-error';
import { buildAnthropicChatRequest, DEFAULT_MAX_TOKENS } from './request';
import { readAnthropicChatResponse } from './response';
import { convertAnthropicSse, createAnthropicStreamRelay } from './stream-relay';

export interface AnthropicAdapterOptions {
  /** `max_tokens` when the client sets none (config `limits.default_completion_cap`). */
  defaultMaxTokens?: number;
}

/** The adapter for OpenAI-shaped clients in front of the Anthropic Messages API. */
export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  return {
    apiType: 'anthropic',
    buildChatRequest: (call, apiKey) => buildAnthropicChatRequest(call, apiKey, defaultMaxTokens),
    readChatResponse: (body, contentType, call) => readAnthropicChatResponse(body, contentType, (sse) => convertAnthropicSse(sse, call.upstreamModel)),
    createStreamRelay: (call) => createAnthropicStreamRelay(call.upstreamModel),
    streamErrorEvent: (message) => openAiErrorEvent(message),
    modelsRequest: (provider, apiKey) => ({ url: anthropicModelsUrl(provider), headers: anthropicHeaders(apiKey) }),
    readModelIds: modelListIds,
  };
}

export const anthropicAdapter: ProviderAdapter = createAnthropicAdapter();
