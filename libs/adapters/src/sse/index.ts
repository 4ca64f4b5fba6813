export { createSseTap, parseSseBody, type SseEvent, type SseTap } from './sse-tap';
export { formatSseData, formatSseEvent, SSE_DONE } from './format-sse';
export { tappedRelay } from './tapped-relay';
export { createChatChunkTap, type ChatChunkHandlers } from './chat-chunk-tap';
