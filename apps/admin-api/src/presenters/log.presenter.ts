import type { LocalTime } from '@aigw/config';
import type { AdminLog, RequestLog } from '@aigw/store';
import { money } from './money';

export function presentRequestLog(r: RequestLog, time: LocalTime) {
  return {
    id: r.id,
    request_id: r.request_id,
    client_request_id: r.client_request_id,
    ts: time.format(r.ts),
    method: r.method,
    path: r.path,
    request_type: r.request_type,
    token_id: r.token_id,
    token_name: r.token_name,
    token_hint: r.token_hint,
    model: r.model,
    upstream_model: r.upstream_model,
    provider: r.provider,
    api_key: r.api_key,
    status_code: r.status_code,
    response_time_ms: r.response_time_ms,
    ttfb_ms: r.ttfb_ms,
    attempts: r.attempts,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    total_tokens: r.total_tokens,
    cached_tokens: r.cached_tokens,
    reasoning_tokens: r.reasoning_tokens,
    usage_source: r.usage_source,
    amount_spent: r.amount_spent === null ? null : money(r.amount_spent),
    currency: r.currency,
    error_message: r.error_message,
    upstream_status: r.upstream_status,
    upstream_error: r.upstream_error,
    clamped_from: r.clamped_from,
    attempt_details: r.attempt_details ?? null,
  };
}

export function presentAdminLog(a: AdminLog, time: LocalTime) {
  return {
    id: a.id,
    ts: time.format(a.ts),
    actor: a.actor,
    method: a.method,
    path: a.path,
    operation: a.operation,
    target: a.target,
    status_code: a.status_code,
    error_message: a.error_message,
    detail: a.detail,
  };
}
