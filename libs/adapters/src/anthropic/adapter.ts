import type { ProviderAdapter } from '../types';
import { isRecord } from '../json.util';
import { anthropicHeaders, anthropicModelsUrl } from './api';
import { openAiErrorEvent } from './errors';
import { buildAnthropicChatRequest, checkAnthropicChatBody, DEFAULT_MAX_TOKENS } from './request';
import { readAnthropicChatResponse } from './response';
import { formatToolName } from './structured-output';
import { convertAnthropicSse, createAnthropicStreamRelay } from './stream-relay';

export interface AnthropicAdapterOptions {
  /** `max_tokens` when the client sets none (config `limits.default_completion_cap`). */
  defaultMaxTokens?: number;
}

/** Model ids of an Anthropic models page (`data[].id`). */
function readAnthropicModelIds(json: unknown): string[] {
  if (!isRecord(json) || !Array.isArray(json.data)) return [];
  return (json.data as unknown[]).flatMap((item) => (isRecord(item) && typeof item.id === 'string' && item.id !== '' ? [item.id] : []));
}

/** The adapter for OpenAI-shaped clients in front of the Anthropic Messages API. */
export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  return {
    apiType: 'anthropic',
    checkChatRequest: (call) => void checkAnthropicChatBody(call.body, call.upstreamModel),
    buildChatRequest: (call, apiKey) => buildAnthropicChatRequest(call, apiKey, defaultMaxTokens),
    readChatResponse(body, contentType, call) {
      const formatTool = formatToolName(call.body.response_format, call.upstreamModel);
      return readAnthropicChatResponse(body, contentType, (sse) => convertAnthropicSse(sse, call.upstreamModel, formatTool), formatTool);
    },
    createStreamRelay: (call) => createAnthropicStreamRelay(call.upstreamModel, formatToolName(call.body.response_format, call.upstreamModel)),
    streamErrorEvent: (message) => openAiErrorEvent(message),
    modelsRequest: (provider, apiKey) => ({ url: anthropicModelsUrl(provider), headers: anthropicHeaders(apiKey) }),
    readModelIds: readAnthropicModelIds,
  };
}

export const anthropicAdapter: ProviderAdapter = createAnthropicAdapter();
