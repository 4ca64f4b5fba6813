import { createParser } from 'eventsource-parser';

/** One parsed SSE event: its `event:` name (when the upstream sent one) and its data. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * Incremental SSE reader fed with raw upstream bytes. Chunk boundaries are arbitrary: a chunk may
 * end inside a UTF-8 character, a line or an event; the tap calls back once per complete event.
 */
export interface SseTap {
  feed(chunk: Buffer): void;
  /** The upstream ended: decode what is left and dispatch an event that lacked its blank line. */
  flush(): void;
}

export function createSseTap(onEvent: (event: SseEvent) => void): SseTap {
  // TextDecoder in stream mode keeps a split multi-byte character for the next chunk and strips
  // a leading BOM, which eventsource-parser only recognises in its byte form.
  const decoder = new TextDecoder('utf-8');
  const parser = createParser({ onEvent: (e) => onEvent({ event: e.event, data: e.data }) });
  return {
    feed(chunk) {
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') parser.feed(text);
    },
    flush() {
      const rest = decoder.decode();
      // The blank line completes a last event the upstream sent without its terminator.
      parser.feed(`${rest}\n\n`);
    },
  };
}

/** Every event of a complete SSE body. */
export function parseSseBody(body: Buffer | string): SseEvent[] {
  const events: SseEvent[] = [];
  const tap = createSseTap((e) => events.push(e));
  tap.feed(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  tap.flush();
  return events;
}
