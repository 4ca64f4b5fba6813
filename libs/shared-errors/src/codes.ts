/** Every error code the gateway answers with, and the HTTP status each one maps to. */
export const ERROR_STATUS = {
  invalid_request: 400,
  missing_token: 401,
  invalid_token: 401,
  token_expired: 401,
  admin_unauthorized: 401,
  insufficient_balance: 402,
  token_disabled: 403,
  model_not_allowed: 403,
  price_not_set: 403,
  admin_token_not_allowed: 403,
  mcp_not_allowed: 403,
  not_found: 404,
  provider_not_found: 404,
  model_not_found: 404,
  key_not_found: 404,
  previous_response_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  /** Every key of the routed provider is cooling after upstream 429s (retry-after: the soonest). */
  upstream_rate_limited: 429,
  no_upstream_key: 503,
  store_busy: 503,
  budget_unavailable: 503,
  rate_limit_unavailable: 503,
  upstream_error: 502,
  upstream_timeout: 504,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** OpenAI's `error.type` family for each status class. */
export function openAiErrorType(status: number): string {
  if (status === 400 || status === 404 || status === 409 || status === 413) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'insufficient_quota';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return 'api_error';
}

/** Anthropic's `error.type` for each status. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
    case 409:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}
