export * from './types';
export { getAdapter, normalizeBaseUrl, type NormalizedBaseUrl } from './registry';
export { openAiAdapter, aggregateChatStream } from './openai';
export { createSseTap, parseSseBody, formatSseData, formatSseEvent, SSE_DONE, type SseEvent, type SseTap } from './sse';
export { extractUsage } from './usage';
export { countTextTokens, estimatePromptTokens } from './estimate';
