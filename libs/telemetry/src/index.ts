export { createLogger, loggerOptions, REDACT_PATHS, type Logger, type LoggerConfig } from './logger';
export { clientRequestIdOf, requestIdMiddleware } from './request-id';
export {
  bullMqTelemetry,
  startTracing,
  startTracingFromConfig,
  tracingStarted,
  type ReadableSpan,
  type SpanExporter,
  type TelemetryConfig,
  type Tracing,
  type TracingOptions,
} from './tracing';
export {
  context,
  errorMessage,
  extractTraceContext,
  injectTraceContext,
  propagation,
  requestContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  aigwTracer,
  withExtractedContext,
  withSpan,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type TraceCarrier,
  type Tracer,
} from './trace-context';
export { GatewayMetrics, REFUSAL_CODES, type KeyStateSample, type RequestObservation } from './metrics';
