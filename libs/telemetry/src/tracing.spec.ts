import { RPCType, setRPCMetadata } from '@opentelemetry/core';
import { createSpanCollector } from '@aigw/test-support';
import {
  aigwTracer,
  context,
  injectTraceContext,
  requestContext,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  withExtractedContext,
  withSpan,
} from './trace-context';
import { bullMqTelemetry, startTracing, startTracingFromConfig, tracingStarted, type Tracing } from './tracing';
import { tracesUrl } from './tracing-sdk';

describe('tracing off', () => {
  it('starts nothing without an endpoint or an exporter', () => {
    expect(startTracingFromConfig({ telemetry: { otlp_endpoint: '', service_name: '' } }, 'aigw-test')).toBeUndefined();
    expect(tracingStarted()).toBe(false);
    expect(bullMqTelemetry()).toBeUndefined();
  });

  it('hands out no trace context and runs functions as they are', () => {
    const span = aigwTracer().startSpan('x');
    expect(span.isRecording()).toBe(false);
    expect(withSpan(span, () => injectTraceContext())).toBeUndefined();
    expect(withExtractedContext(undefined, () => 42)).toBe(42);
    expect(requestContext()).toBe(ROOT_CONTEXT);
  });
});

describe('tracing on', () => {
  const collector = createSpanCollector();
  let tracing: Tracing | undefined;

  beforeAll(() => {
    tracing = startTracing({ serviceName: 'aigw-test', exporter: collector });
  });
  afterAll(async () => {
    await tracing?.shutdown();
  });
  beforeEach(() => collector.reset());

  it('is started once per process', () => {
    expect(tracing).toBeDefined();
    expect(tracingStarted()).toBe(true);
    expect(() => startTracing({ serviceName: 'again', exporter: collector })).toThrow(/already started/);
    expect(bullMqTelemetry()).toBeDefined();
  });

  it('carries a span across a message as W3C trace context', async () => {
    const parent = aigwTracer().startSpan('send', { kind: SpanKind.PRODUCER });
    const carrier = withSpan(parent, () => injectTraceContext());
    parent.end();
    expect(carrier?.traceparent).toMatch(new RegExp(`^00-${parent.spanContext().traceId}-${parent.spanContext().spanId}-01$`));
    // Received elsewhere, outside any context:
    const child = context.with(ROOT_CONTEXT, () => withExtractedContext(carrier, () => aigwTracer().startSpan('receive')));
    child.end();
    await tracing!.forceFlush();
    const [received] = collector.named('receive');
    expect(received!.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(received!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('remembers the HTTP server span of a request, not the innermost middleware span', () => {
    const server = aigwTracer().startSpan('server', { kind: SpanKind.SERVER });
    const middleware = aigwTracer().startSpan('middleware');
    const ctx = trace.setSpan(setRPCMetadata(trace.setSpan(ROOT_CONTEXT, server), { type: RPCType.HTTP, span: server }), middleware);
    expect(trace.getSpan(requestContext(ctx))).toBe(server);
    expect(injectTraceContext(requestContext(ctx))?.traceparent).toContain(server.spanContext().spanId);
    // Without HTTP metadata the context is kept as it is.
    const plain = trace.setSpan(ROOT_CONTEXT, middleware);
    expect(requestContext(plain)).toBe(plain);
    server.end();
    middleware.end();
  });

  it('makes a span the parent of what runs inside withSpan', async () => {
    const outer = aigwTracer().startSpan('outer');
    withSpan(outer, () => aigwTracer().startSpan('inner').end());
    outer.end();
    await tracing!.forceFlush();
    expect(collector.named('inner')[0]!.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
  });

  it('sends OTLP to {endpoint}/v1/traces', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
  });
});
