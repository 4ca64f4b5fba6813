import { EventEmitter } from 'node:events';

/** What reading an upstream answer asks of the client's signal: whether the client has gone. */
export interface ClientGoneSignal {
  readonly aborted: boolean;
}

/**
 * The signal an upstream request is aborted with when its client goes away: an EventEmitter with
 * AbortSignal's `aborted`, `reason` and 'abort' event, which undici takes as a request signal.
 * Cheaper per request than an AbortController (Node builds each AbortSignal as an EventTarget and
 * then swaps its prototype, and undici registers on it through addAbortListener); the reason is
 * the DOMException AbortController.abort() gives, made only when the client does go.
 */
export class ClientSignal extends EventEmitter implements ClientGoneSignal {
  aborted = false;
  reason: unknown = undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException('This operation was aborted', 'AbortError');
    this.emit('abort');
  }
}
