import { context, createContextKey, propagation, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';

/**
 * The OpenTelemetry API for the apps, so they need no dependency of their own on it. Without a
 * started SDK (tracing off) it is a no-op: spans are non-recording and contexts are never stored.
 */
export { context, propagation, trace, SpanKind, SpanStatusCode, ROOT_CONTEXT } from '@opentelemetry/api';
export type { Attributes, Context, Link, Span, SpanContext, Tracer } from '@opentelemetry/api';

/**
 * The key @opentelemetry/core's getRPCMetadata reads (the http instrumentation puts the server span
 * there). A context key is a global symbol of its description, so the same key is made here
 * without loading @opentelemetry/core and semantic-conventions (about 1 MB of heap) while tracing
 * is off; trace-context.spec checks it against core's own.
 */
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/** W3C trace context fields (`traceparent`, `tracestate`) as they travel inside a message. */
export type TraceCarrier = Record<string, string>;

let cachedTracer: Tracer | undefined;

/** The tracer of the gateway's own spans (chat, log-writer); one object, not one per call. */
export function aigwTracer(): Tracer {
  cachedTracer ??= trace.getTracer('aigw');
  return cachedTracer;
}

/** Forgets the tracer; called when tracing starts or stops, since it is bound to the provider of its time. */
export function resetTracer(): void {
  cachedTracer = undefined;
}

/**
 * The active context with the incoming HTTP request's server span as its span, rather than the
 * innermost Express middleware span (which ends as soon as the middleware calls next). Use it to
 * remember where a request's trace is for work that runs after the request (its usage event).
 */
export function requestContext(ctx: Context = context.active()): Context {
  const server = (ctx.getValue(RPC_METADATA_KEY) as { span?: Span } | undefined)?.span;
  return server && trace.getSpan(ctx) !== server ? trace.setSpan(ctx, server) : ctx;
}

/**
 * The W3C trace context of `ctx` (default: the active one) to send along with a message; undefined
 * when `ctx` holds no span, which is always the case while tracing is off.
 */
export function injectTraceContext(ctx: Context = context.active()): TraceCarrier | undefined {
  if (trace.getSpanContext(ctx) === undefined) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent === undefined ? undefined : carrier;
}

/** The active context continued by a message's trace context (unchanged when there is none). */
export function extractTraceContext(carrier: TraceCarrier | undefined, base: Context = context.active()): Context {
  return carrier ? propagation.extract(base, carrier) : base;
}

/** Runs fn in the context a message's trace context describes (as it is when there is none). */
export function withExtractedContext<T>(carrier: TraceCarrier | undefined, fn: () => T): T {
  if (!carrier) return fn();
  return context.with(extractTraceContext(carrier), fn);
}

/**
 * Runs fn with `span` as the active span, so the spans fn causes (HTTP calls, queries) are its
 * children. A non-recording span (tracing off or not sampled) changes nothing: fn just runs.
 */
export function withSpan<T>(span: Span, fn: () => T): T {
  if (!span.isRecording()) return fn();
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** An error as a span's status message: its message, else its text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
