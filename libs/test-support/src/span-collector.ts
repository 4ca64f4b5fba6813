import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** An exporter that keeps the spans it is given, for `startTracing({ exporter })` in tests. */
export interface SpanCollector extends SpanExporter {
  readonly spans: ReadableSpan[];
  /** The kept spans of this name. */
  named(name: string): ReadableSpan[];
  reset(): void;
}

export function createSpanCollector(): SpanCollector {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    named: (name) => spans.filter((s) => s.name === name),
    reset: () => void spans.splice(0),
    export(batch: ReadableSpan[], done: (result: ExportResult) => void) {
      spans.push(...batch);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}
