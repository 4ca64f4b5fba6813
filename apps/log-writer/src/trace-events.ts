import type { UsageEvent, UsageEventHandler } from '@aigw/events';
import {
  aigwTracer,
  context,
  errorMessage,
  extractTraceContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
} from '@aigw/telemetry';

const BATCH_SPAN = 'usage-events process';
const EVENT_SPAN = 'log-writer record';
const QUEUE = 'usage-events';

/**
 * Where a one-event batch belongs: under the active span when it is already in the event's trace
 * (BullMQ's own process span, when BullMQ tracing is on), else right under the proxy's request.
 */
function parentOf(event: UsageEvent): Context {
  const active = context.active();
  const remote = extractTraceContext(event.trace, ROOT_CONTEXT);
  const activeTrace = trace.getSpanContext(active)?.traceId;
  return activeTrace !== undefined && activeTrace === trace.getSpanContext(remote)?.traceId ? active : remote;
}

function linksOf(events: UsageEvent[]): Link[] {
  const links: Link[] = [];
  for (const event of events) {
    const spanContext = trace.getSpanContext(extractTraceContext(event.trace, ROOT_CONTEXT));
    if (spanContext) links.push({ context: spanContext, attributes: { 'aigw.request_id': event.request_id } });
  }
  return links;
}

function fail(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
  if (err instanceof Error) span.recordException(err);
}

/**
 * Traces the log-writer's work so a request's trace goes on past the queue: a `usage-events process`
 * span (kind CONSUMER) around each batch, in which the handler's queries run. A batch of one event
 * is a child of the event's trace context (carried in `event.trace` from the proxy). A larger batch
 * is its own trace, linked to each event's, and each event with a trace context gets a
 * `log-writer record` span in its own trace, ended with the batch's outcome. While tracing is off
 * the spans are non-recording and the handler runs as it would unwrapped.
 */
export function tracedHandler(handler: UsageEventHandler): UsageEventHandler {
  return {
    async handle(events: UsageEvent[]): Promise<void> {
      const tracer = aigwTracer();
      const single = events.length === 1 ? events[0] : undefined;
      const parent = single ? parentOf(single) : ROOT_CONTEXT;
      const links = single ? undefined : linksOf(events);
      const batch = tracer.startSpan(BATCH_SPAN, { kind: SpanKind.CONSUMER, links }, parent);
      if (!batch.isRecording()) {
        batch.end();
        return handler.handle(events);
      }
      batch.setAttributes({
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': QUEUE,
        'messaging.batch.message_count': events.length,
      });
      if (single) batch.setAttribute('aigw.request_id', single.request_id);
      const perEvent = single ? [] : eventSpans(events, batch);
      try {
        await context.with(trace.setSpan(parent, batch), () => handler.handle(events));
      } catch (err) {
        fail(batch, err);
        for (const span of perEvent) fail(span, err);
        throw err;
      } finally {
        for (const span of perEvent) span.end();
        batch.end();
      }
    },
  };
}

/** One `log-writer record` span per event that carries a trace context, linked to the batch span. */
function eventSpans(events: UsageEvent[], batch: Span): Span[] {
  const tracer = aigwTracer();
  const spans: Span[] = [];
  for (const event of events) {
    if (!event.trace) continue;
    const span = tracer.startSpan(
      EVENT_SPAN,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'aigw.request_id': event.request_id, 'messaging.destination.name': QUEUE },
        links: [{ context: batch.spanContext() }],
      },
      extractTraceContext(event.trace, ROOT_CONTEXT),
    );
    spans.push(span);
  }
  return spans;
}
