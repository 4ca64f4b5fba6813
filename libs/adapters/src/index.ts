export * from './types';
export { API_TYPES, genAiSystemOf, getAdapter, isApiType, normalizeBaseUrl, type AdapterOptions, type NormalizedBaseUrl } from './registry';
export {
  openAiAdapter,
  aggregateChatStream,
  readEmbeddingsAnswer,
  buildResponsesPassthrough,
  createResponsesTap,
  readResponsesUsage,
  responseOutputText,
  type EmbeddingsAnswer,
  type ResponsesTap,
} from './openai';
export {
  anthropicAdapter,
  createAnthropicAdapter,
  anthropicErrorMessage,
  anthropicUsage,
  ANTHROPIC_VERSION,
  DEFAULT_MAX_TOKENS,
  type AnthropicAdapterOptions,
} from './anthropic';
export { zhipuAdapter } from './zhipu';
export { createSseTap, parseSseBody, formatSseData, formatSseEvent, SSE_DONE, type SseEvent, type SseTap } from './sse';
export { extractUsage, lastKeyValue } from './usage';
export { modelOf } from './json.util';
export { randomBase62Id, randomHex } from './random-id';
export { countTextTokens, embeddingInputTokenBound, estimateEmbeddingInputTokens, estimatePromptTokens, promptTokenBound, textTokenBound } from './estimate';
export {
  anthropicModelList,
  anthropicToOpenAiRequest,
  buildCountTokensPassthrough,
  buildMessagesPassthrough,
  messageTokensCount,
  checkMessagesEnvelope,
  createMessagesTap,
  readMessagesUsage,
  openAiToAnthropicMessage,
  createOpenAiToAnthropicStream,
  anthropicStreamErrorEvent,
  toAnthropicStopReason,
  toAnthropicUsage,
  type OpenAiToAnthropicStream,
  type IngressMessage,
  type IngressContentBlock,
  type IngressUsage,
  type AnthropicModelList,
  type ListedModel,
} from './anthropic-ingress';
export { scrubKeys, createStreamScrubber, scrubBytes, upstreamConnectionError, type KnownKey, type StreamScrubber } from './secrets';
export { readLimited, formatByteSize, declaredLength, type ReadableBody, type LimitedRead } from './body';
export { Agent, getGlobalDispatcher, requestUpstream, type UpstreamRequestOptions } from './http';
export {
  responsesToChatRequest,
  responsesInputItems,
  chatToResponse,
  createChatToResponsesStream,
  responsesStreamErrorEvent,
  type ChatToResponsesStream,
  type ResponseContext,
  type GatewayResponse,
} from './responses';
