import type { UsageEvent } from './usage-event';

/** Where the proxy hands finished requests. emit never blocks and never throws. */
export interface EventSink {
  emit(event: UsageEvent): void;
  /** Delivers everything still buffered; called on shutdown. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** What consumes events (the log-writer's handler). Batches keep the database busy less often. */
export interface UsageEventHandler {
  handle(events: UsageEvent[]): Promise<void>;
}
