import type { IncomingMessage } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TracingOptions } from './tracing';

/** Probes of load balancers and orchestrators: a span each would bury the real traffic. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/health', '/admin/health']);

function isProbe(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return PROBE_PATHS.has(q === -1 ? url : url.slice(0, q));
}

export interface StartedSdk {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The OTLP/HTTP traces URL of a collector's base URL. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * NodeSDK with traces only: OTLP over HTTP in batches, or the given exporter span by span. Metrics
 * and logs stay off whatever OTEL_* variables say (the SDK would otherwise export both to a default
 * endpoint).
 */
export function startNodeSdk(options: TracingOptions): StartedSdk {
  const processor: SpanProcessor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.otlpEndpoint ?? '') }));
  const instrumentations = [
    new HttpInstrumentation({ ignoreIncomingRequestHook: isProbe }),
    new ExpressInstrumentation(),
    new UndiciInstrumentation(),
    // Only queries of a traced operation: periodic reloads and retention runs would each be a trace.
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation(),
  ];
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors: [processor],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations,
  });
  sdk.start();
  return {
    forceFlush: () => processor.forceFlush(),
    async shutdown() {
      await sdk.shutdown();
      // Back to the no-op API, so tracing can be started again in this process (tests).
      for (const instrumentation of instrumentations) instrumentation.disable();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
