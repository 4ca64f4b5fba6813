import type { UsageEvent, UsageEventHandler } from '@aigw/events';
import {
  aigwTracer,
  injectTraceContext,
  SpanKind,
  SpanStatusCode,
  startTracing,
  trace,
  withSpan,
  type Span,
  type Tracing,
} from '@aigw/telemetry';
import { createSpanCollector } from '@aigw/test-support';
import { tracedHandler } from '../src/trace-events';

function usageEvent(requestId: string, carrier?: Record<string, string>): UsageEvent {
  return {
    v: 2,
    request_id: requestId,
    client_request_id: null,
    ts: Date.now(),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: null,
    token_name: null,
    token_hint: null,
    model: null,
    upstream_model: null,
    provider: null,
    api_key: null,
    status_code: 200,
    response_time_ms: 1,
    ttfb_ms: null,
    attempts: 1,
    usage: null,
    usage_source: null,
    price: null,
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    ...(carrier ? { trace: carrier } : {}),
  };
}

/** A handler that remembers its batches and the span active while it ran. */
function recordingHandler(fail?: Error): UsageEventHandler & { batches: UsageEvent[][]; active: (Span | undefined)[] } {
  const batches: UsageEvent[][] = [];
  const active: (Span | undefined)[] = [];
  return {
    batches,
    active,
    async handle(events) {
      batches.push(events);
      active.push(trace.getActiveSpan());
      if (fail) throw fail;
    },
  };
}

/** A proxy request's span and the trace context its usage event carries. */
function requestSpan(name: string): { span: Span; carrier: Record<string, string> } {
  const span = aigwTracer().startSpan(name, { kind: SpanKind.SERVER });
  const carrier = withSpan(span, () => injectTraceContext())!;
  span.end();
  return { span, carrier };
}

describe('tracedHandler while tracing is off', () => {
  it('hands the batch to the handler and nothing else', async () => {
    const inner = recordingHandler();
    const events = [usageEvent('r1'), usageEvent('r2')];
    await tracedHandler(inner).handle(events);
    expect(inner.batches).toEqual([events]);
    expect(inner.active).toEqual([undefined]);
  });
});

describe('tracedHandler', () => {
  const collector = createSpanCollector();
  let tracing: Tracing | undefined;

  beforeAll(() => {
    tracing = startTracing({ serviceName: 'aigw-log-writer-test', exporter: collector });
  });
  afterAll(async () => {
    await tracing?.shutdown();
  });
  beforeEach(() => collector.reset());

  it('continues the trace of a single event: usage-events process under the proxy request', async () => {
    const request = requestSpan('POST /v1/chat/completions');
    const inner = recordingHandler();
    await tracedHandler(inner).handle([usageEvent('r1', request.carrier)]);
    await tracing!.forceFlush();
    const [batch] = collector.named('usage-events process');
    expect(batch!.kind).toBe(SpanKind.CONSUMER);
    expect(batch!.spanContext().traceId).toBe(request.span.spanContext().traceId);
    expect(batch!.parentSpanContext?.spanId).toBe(request.span.spanContext().spanId);
    expect(batch!.attributes).toMatchObject({ 'aigw.request_id': 'r1', 'messaging.destination.name': 'usage-events', 'messaging.batch.message_count': 1 });
    // The handler's own work (queries) runs inside the batch span.
    expect(inner.active[0]?.spanContext().spanId).toBe(batch!.spanContext().spanId);
    expect(collector.named('log-writer record')).toHaveLength(0);
  });

  it('links a batch to each event and gives each event a span in its own trace', async () => {
    const a = requestSpan('request a');
    const b = requestSpan('request b');
    await tracedHandler(recordingHandler()).handle([usageEvent('ra', a.carrier), usageEvent('rb', b.carrier), usageEvent('untraced')]);
    await tracing!.forceFlush();
    const [batch] = collector.named('usage-events process');
    expect(batch!.parentSpanContext).toBeUndefined();
    expect(batch!.links.map((l) => l.context.spanId)).toEqual([a.span.spanContext().spanId, b.span.spanContext().spanId]);
    const records = collector.named('log-writer record');
    expect(records.map((r) => r.attributes['aigw.request_id'])).toEqual(['ra', 'rb']);
    expect(records[0]!.spanContext().traceId).toBe(a.span.spanContext().traceId);
    expect(records[0]!.parentSpanContext?.spanId).toBe(a.span.spanContext().spanId);
    expect(records[1]!.spanContext().traceId).toBe(b.span.spanContext().traceId);
    expect(records[1]!.links[0]!.context.spanId).toBe(batch!.spanContext().spanId);
  });

  it('marks the spans failed and rethrows when the handler fails', async () => {
    const a = requestSpan('request a');
    const b = requestSpan('request b');
    const failing = tracedHandler(recordingHandler(new Error('database down')));
    await expect(failing.handle([usageEvent('ra', a.carrier), usageEvent('rb', b.carrier)])).rejects.toThrow('database down');
    await tracing!.forceFlush();
    for (const span of [...collector.named('usage-events process'), ...collector.named('log-writer record')]) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database down' });
    }
    expect(collector.named('log-writer record')).toHaveLength(2);
  });
});
