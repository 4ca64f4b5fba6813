import type { UsageEvent } from '@aigw/events';
import type { GatewayError } from '@aigw/shared-errors';
import type { RequestObservation } from '@aigw/telemetry';
import { requestCost } from './request-cost';

/** Error codes that mean the upstream failed (not the client, not the gateway's own rules). */
const UPSTREAM_CODES = new Set(['upstream_error', 'upstream_timeout', 'no_upstream_key', 'upstream_rate_limited']);

function upstreamErrorKind(event: UsageEvent, error: GatewayError | undefined, failedMidStream: boolean): string | null {
  if (error && UPSTREAM_CODES.has(error.code)) return error.code;
  if (failedMidStream) return event.status_code === 499 ? null : 'mid_stream';
  return null;
}

/**
 * What a finished request adds to the metrics, from the very event its request_logs row is written
 * from: the same tokens and the same cost (computed as the log-writer does).
 */
export function observationOf(event: UsageEvent, error: GatewayError | undefined, failedMidStream: boolean): RequestObservation {
  const cost = requestCost(event.usage, event.price, event.cost_cap);
  return {
    route: event.request_type ?? 'other',
    status: event.status_code,
    provider: event.provider,
    model: event.model,
    tokenId: event.token_id,
    durationMs: event.response_time_ms,
    ttfbMs: event.ttfb_ms,
    promptTokens: event.usage?.prompt_tokens ?? 0,
    completionTokens: event.usage?.completion_tokens ?? 0,
    cost,
    currency: cost !== null ? (event.price?.currency ?? null) : null,
    errorCode: error?.code ?? null,
    upstreamErrorKind: upstreamErrorKind(event, error, failedMidStream),
  };
}
