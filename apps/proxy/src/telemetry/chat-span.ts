import { genAiSystemOf } from '@aigw/adapters';
import { aigwTracer, errorMessage, SpanKind, SpanStatusCode, type Span } from '@aigw/telemetry';
import type { RequestRecord } from '../record/request-record';

/** Shared by every call: starting a span allocates nothing else while tracing is off. */
const SPAN_OPTIONS = { kind: SpanKind.CLIENT };

/**
 * Starts the span of one chat exchange with the upstream (`chat {model}`, GenAI semantic
 * conventions), after routing. The upstream call runs inside it (withSpan from @aigw/telemetry)
 * and endChatSpan closes it with the usage of the record. While tracing is off this is a non-recording
 * span and every function here returns at once.
 */
export function startChatSpan(record: RequestRecord, apiType: string): Span {
  const span = aigwTracer().startSpan('chat', SPAN_OPTIONS);
  if (!span.isRecording()) return span;
  const model = record.upstreamModel ?? '';
  span.updateName(`chat ${model}`);
  span.setAttributes({
    'gen_ai.system': genAiSystemOf(apiType),
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'aigw.provider': record.provider ?? '',
    'aigw.request_id': record.requestId,
  });
  return span;
}

/** The model the upstream says it answered with, once known. */
export function setResponseModel(span: Span, model: string | null | undefined): void {
  if (model && span.isRecording()) span.setAttribute('gen_ai.response.model', model);
}

/** Marks the span failed with the error's message; returns the error for `throw failChatSpan(...)`. */
export function failChatSpan(span: Span, err: unknown): unknown {
  if (span.isRecording()) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
    if (err instanceof Error) span.recordException(err);
  }
  return err;
}

/** Ends the span with what the record knows: attempts, token usage, a failure seen mid-way. */
export function endChatSpan(span: Span, record: RequestRecord): void {
  if (span.isRecording()) {
    span.setAttribute('aigw.attempts', record.attempts);
    if (record.usage) {
      span.setAttribute('gen_ai.usage.input_tokens', record.usage.prompt_tokens);
      span.setAttribute('gen_ai.usage.output_tokens', record.usage.completion_tokens);
    }
    // A stream cut by the upstream or the client does not throw: the record tells.
    if (record.failure) span.setStatus({ code: SpanStatusCode.ERROR, message: record.failure.message });
  }
  span.end();
}
