import type { ProviderAdapter } from '../types';
import { modelListIds } from '../json.util';
import { anthropicHeaders, anthropicModelsUrl } from './api';
import { openAiErrorEvent } from '../openai/stream-error';
import { buildAnthropicChatRequest, checkAnthropicChatBody, DEFAULT_MAX_TOKENS } from './request';
import { readAnthropicChatResponse } from './response';
import { formatToolName } from './structured-output';
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
    checkChatRequest: (call) => void checkAnthropicChatBody(call.body, call.upstreamModel, defaultMaxTokens),
    buildChatRequest: (call, apiKey) => buildAnthropicChatRequest(call, apiKey, defaultMaxTokens),
    readChatResponse(body, contentType, call) {
      const formatTool = formatToolName(call.body.response_format, call.upstreamModel);
      return readAnthropicChatResponse(body, contentType, (sse) => convertAnthropicSse(sse, call.upstreamModel, formatTool), formatTool);
    },
    createStreamRelay: (call) => createAnthropicStreamRelay(call.upstreamModel, formatToolName(call.body.response_format, call.upstreamModel)),
    streamErrorEvent: (message) => openAiErrorEvent(message),
    modelsRequest: (provider, apiKey) => ({ url: anthropicModelsUrl(provider), headers: anthropicHeaders(apiKey) }),
    readModelIds: modelListIds,
  };
}

export const anthropicAdapter: ProviderAdapter = createAnthropicAdapter();
