import { isRecord, parseJsonSafe } from '../json.util';
import { createSseTap, type SseTap } from './sse-tap';

/** What a converter of OpenAI chat SSE does with each event it reads. */
export interface ChatChunkHandlers {
  /** Once true, later events are ignored. */
  finished(): boolean;
  /** `data: [DONE]`. */
  done(): void;
  /** An in-band error: a chunk with an `error` field, or an `event: error` (its JSON, else its text). */
  error(error: unknown): void;
  chunk(chunk: Record<string, unknown>): void;
}

/** Reads OpenAI chat SSE for a stream converter (Anthropic Messages events, Responses events). */
export function createChatChunkTap(handlers: ChatChunkHandlers): SseTap {
  return createSseTap(({ event, data }) => {
    if (handlers.finished()) return;
    if (data === '[DONE]') return handlers.done();
    const chunk = parseJsonSafe(data);
    if (isRecord(chunk) && chunk.error !== undefined && chunk.error !== null) return handlers.error(chunk.error);
    if (event === 'error') return handlers.error(isRecord(chunk) ? chunk : data);
    if (isRecord(chunk)) handlers.chunk(chunk);
  });
}
