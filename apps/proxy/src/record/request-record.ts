import type { RequestHandler, Response } from 'express';
import { RESPONSE_ERROR_KEY, type GatewayError } from '@aigw/shared-errors';
import { USAGE_EVENT_VERSION, type AttemptDetailEvent, type EventSink, type UsageEvent } from '@aigw/events';
import type { PriceSnapshot, Usage } from '@aigw/usage';
import { injectTraceContext, requestContext, type Context, type GatewayMetrics, type Logger } from '@aigw/telemetry';
import type { OpenRecords } from './open-records';
import { observationOf } from './request-metrics';

/** What the proxy learns about one /v1 request while serving it; emitted as a UsageEvent at the end. */
export interface RequestRecord {
  /** Minted by the gateway: de-duplicates the row, names the budget hold and the job. */
  requestId: string;
  /** The client's own id for the request; logged and echoed, never used to de-duplicate. */
  clientRequestId: string | null;
  startedAt: number;
  startedHr: number;
  requestType: string | null;
  /** Who called: set by identify before the body is read, so every row names its token. */
  tokenId: number | null;
  tokenName: string | null;
  /** The token's key hint, 'admin_token', or null when no valid token was sent. */
  tokenHint: string | null;
  model: string | null;
  upstreamModel: string | null;
  provider: string | null;
  apiKey: string | null;
  ttfbMs: number | null;
  attempts: number;
  /** Every upstream attempt, one per target tried (fallbacks across providers), in order. */
  attemptDetails: AttemptDetailEvent[];
  usage: Usage | null;
  usageSource: 'upstream' | 'estimated' | null;
  price: PriceSnapshot | null;
  /** Most this request may be charged (decimal string), when its budget hold was cut short. */
  costCap: string | null;
  /** The completion cap the client asked for, when the catalog's max_output_tokens clamped it. */
  clampedFrom: number | null;
  /** Set when the request failed in a way the error middleware did not see (mid-stream, client gone). */
  failure: { message: string; upstreamStatus?: number; upstreamError?: string } | null;
  /** Status to log instead of the response's (499 when the client left before an answer). */
  statusOverride: number | null;
  /** Settles when the handler has finished its work (usage, budget); the event waits for it. */
  whenDone: Promise<void> | null;
}

export function recordOf(res: Response): RequestRecord {
  return res.locals.record as RequestRecord;
}

export function elapsedMs(record: RequestRecord): number {
  return Math.max(0, Math.round(performance.now() - record.startedHr));
}

export function markFirstByte(record: RequestRecord): void {
  if (record.ttfbMs === null) record.ttfbMs = elapsedMs(record);
}

export interface RecordMiddlewareOptions {
  sink: EventSink;
  logger: Logger;
  requestTypeFor: (method: string, path: string) => string | null;
  /** Told when a request starts and when its event has been emitted. */
  open: OpenRecords;
  /** Fed from every emitted event: the one place request, token and cost metrics come from. */
  metrics?: GatewayMetrics;
}

/**
 * Starts a record for every request and emits exactly one UsageEvent when the response closes,
 * whatever happened in between (parse errors, auth failures, upstream errors, client gone).
 */
export function recordMiddleware(options: RecordMiddlewareOptions): RequestHandler {
  return (req, res, next) => {
    const record: RequestRecord = {
      requestId: res.locals.requestId as string,
      clientRequestId: (res.locals.clientRequestId as string | null | undefined) ?? null,
      startedAt: Date.now(),
      startedHr: performance.now(),
      requestType: options.requestTypeFor(req.method, req.path),
      tokenId: null,
      tokenName: null,
      tokenHint: null,
      model: null,
      upstreamModel: null,
      provider: null,
      apiKey: null,
      ttfbMs: null,
      attempts: 0,
      attemptDetails: [],
      usage: null,
      usageSource: null,
      price: null,
      costCap: null,
      clampedFrom: null,
      failure: null,
      statusOverride: null,
      whenDone: null,
    };
    res.locals.record = record;
    // The request's trace, for the event: 'close' may fire outside the request's context.
    const traceContext = requestContext();
    options.open.open();
    const emit = (): void => {
      try {
        const event = toEvent(record, req.method, req.originalUrl, res, traceContext);
        options.sink.emit(event);
        options.metrics?.observeRequest(observationOf(event, res.locals[RESPONSE_ERROR_KEY] as GatewayError | undefined, record.failure !== null));
      } catch (err) {
        options.logger.error({ err, requestId: record.requestId }, 'could not emit usage event');
      } finally {
        options.open.close();
      }
    };
    // 'close' comes once per response: a plain listener (no once wrapper to remove), guarded all the same.
    let closed = false;
    res.on('close', () => {
      if (closed) return;
      closed = true;
      if (record.whenDone) void record.whenDone.then(emit);
      else emit();
    });
    next();
  };
}

function toEvent(record: RequestRecord, method: string, path: string, res: Response, traceContext: Context): UsageEvent {
  const error = res.locals[RESPONSE_ERROR_KEY] as GatewayError | undefined;
  const failure = record.failure;
  const status = record.statusOverride ?? (res.headersSent ? res.statusCode : 499);
  const event: UsageEvent = {
    v: USAGE_EVENT_VERSION,
    request_id: record.requestId,
    client_request_id: record.clientRequestId,
    ts: record.startedAt,
    method,
    path,
    request_type: record.requestType,
    token_id: record.tokenId,
    token_name: record.tokenName,
    token_hint: record.tokenHint,
    model: record.model,
    upstream_model: record.upstreamModel,
    provider: record.provider,
    api_key: record.apiKey,
    status_code: status,
    response_time_ms: elapsedMs(record),
    ttfb_ms: record.ttfbMs,
    attempts: record.attempts,
    usage: record.usage,
    usage_source: record.usageSource,
    price: record.price,
    cost_cap: record.costCap,
    clamped_from: record.clampedFrom,
    error_message: failure?.message ?? error?.message ?? (res.headersSent ? null : 'client closed the request before an answer'),
    upstream_status: failure?.upstreamStatus ?? error?.upstream?.status ?? null,
    upstream_error: failure?.upstreamError ?? error?.upstream?.body ?? null,
  };
  if (record.attemptDetails.length > 0) event.attempt_details = record.attemptDetails;
  const trace = injectTraceContext(traceContext);
  if (trace) event.trace = trace;
  return event;
}
