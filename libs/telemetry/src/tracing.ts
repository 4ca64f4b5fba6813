import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type * as BullMqOtel from 'bullmq-otel';
import { resetTracer } from './trace-context';
import type * as Sdk from './tracing-sdk';

export type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** `service.name` of every span of this process. */
  serviceName: string;
  /** OTLP/HTTP base URL; spans go to `{otlpEndpoint}/v1/traces`. Empty or absent: tracing off. */
  otlpEndpoint?: string;
  /** Spans go here instead, each as it ends (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  readonly serviceName: string;
  /** Exports the spans that ended and are not exported yet. */
  forceFlush(): Promise<void>;
  /** Exports what is left, then stops tracing (the API is a no-op again). */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * Starts the OpenTelemetry SDK with the HTTP, Express, undici, pg and ioredis instrumentations when
 * an endpoint or an exporter is given; returns undefined and changes nothing otherwise. Call it
 * before express, pg and ioredis are required: their instrumentations patch them as they load.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (!options.exporter && !options.otlpEndpoint) return undefined;
  if (active) throw new Error(`tracing already started for ${active.serviceName}`);
  // Loaded here, not at the top: the SDK is some thousand modules a process without tracing never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof Sdk;
  const started = sdk.startNodeSdk(options);
  resetTracer();
  const tracing: Tracing = {
    serviceName: options.serviceName,
    forceFlush: () => started.forceFlush(),
    async shutdown() {
      if (active === tracing) active = undefined;
      await started.shutdown();
      resetTracer();
    },
  };
  active = tracing;
  return tracing;
}

/** The `telemetry` section of the configuration. */
export interface TelemetryConfig {
  telemetry: { otlp_endpoint: string; service_name: string };
}

/** startTracing from `telemetry.otlp_endpoint` and `telemetry.service_name` (default: the app's name). */
export function startTracingFromConfig(config: TelemetryConfig, appName: string): Tracing | undefined {
  return startTracing({ serviceName: config.telemetry.service_name || appName, otlpEndpoint: config.telemetry.otlp_endpoint });
}

/** Whether startTracing has started the SDK in this process (and it is not shut down). */
export function tracingStarted(): boolean {
  return active !== undefined;
}

/**
 * BullMQ's own tracing (the `telemetry` option of Queue and Worker): spans for adding and processing
 * jobs, with the trace context carried in the job. Undefined while tracing is off, so BullMQ does no
 * tracing work at all then.
 */
export function bullMqTelemetry(): BullMqOtel.BullMQOtel | undefined {
  if (!active) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BullMQOtel } = require('bullmq-otel') as typeof BullMqOtel;
  return new BullMQOtel('aigw');
}
