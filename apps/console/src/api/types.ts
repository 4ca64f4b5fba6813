/** Shapes of the /admin API responses the console reads (README, Admin API). */

export interface List<T> {
  data: T[];
  next_cursor: number | null;
}

/** A provider type; the gateway lists them (GET /admin/api-types, from its adapter registry). */
export type ApiType = string;
export type KeyStrategy = 'first' | 'round_robin' | 'random';

export interface Provider {
  id: number;
  name: string;
  api_type: ApiType;
  base_url: string;
  models_endpoint: string | null;
  key_strategy: KeyStrategy;
  enabled: boolean;
  /** The upstream speaks the Responses API (openai type only). */
  responses_api: boolean;
  key_count: number;
  model_count: number;
  created_at: string;
  updated_at: string;
  note?: string;
}

/** A key's health (GET /admin/providers/:name/keys). */
export type KeyState = 'active' | 'cooling' | 'invalid' | 'disabled';

export interface ProviderKey {
  id: number;
  hint: string | null;
  enabled: boolean;
  created_at: string;
  key?: string;
  state?: KeyState;
  reason?: string | null;
  since?: string | null;
  until?: string | null;
  breaker?: 'closed' | 'open' | 'half_open';
  last_error?: { message: string; at: string | null } | null;
  successes?: number;
  failures?: number;
}

export interface UpstreamModel {
  id: string;
  in_catalog: boolean;
}

export interface CatalogModel {
  id: string;
  provider: string;
  model: string;
  /** Most output tokens a request to this model may ask (requests asking more are clamped); null: no cap. */
  max_output_tokens: number | null;
  /** Added with unlisted: true: the upstream serves it although its /models does not list it. */
  unlisted: boolean;
  price_set: boolean;
  created_at: string;
}

export interface Price {
  provider: string;
  model: string;
  prompt_per_million: number;
  completion_per_million: number;
  cached_prompt_per_million: number | null;
  currency: string;
  updated_at: string;
}

/** One target of an alias: the highest priority is tried first, spread by weight within it. */
export interface AliasTarget {
  model: string;
  priority: number;
  weight: number;
}

export interface Alias {
  alias: string;
  /** The highest priority target. */
  target: string;
  /** Every target; a single-target alias has one. */
  targets: AliasTarget[];
}

/** One upstream attempt of a request (fallbacks across providers). */
export interface AttemptDetail {
  provider: string;
  model: string;
  key: string | null;
  status: number | null;
  error: string | null;
  ms: number;
}

export type TokenStatus = 'active' | 'disabled' | 'exhausted' | 'expired';

export interface Token {
  id: number;
  /** What may be shown of the key (`sk-A...wxyz`); the gateway does not keep the key itself. */
  key_hint: string;
  name: string;
  allowed_models: string[] | null;
  /** MCP allow-list: `server` or `server/tool`; null or []: no MCP access. */
  mcp_allowed: string[] | null;
  max_amount: number | null;
  amount_spent: number;
  /** Requests per minute, tokens per minute, requests at once (null: no limit). */
  rpm_limit: number | null;
  tpm_limit: number | null;
  concurrency_limit: number | null;
  remaining: number | null;
  currency: string;
  enabled: boolean;
  disabled_reason: string | null;
  status: TokenStatus;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A token as create and rotate answer: the only time its key is sent. */
export interface IssuedToken extends Token {
  key: string;
}

export interface RequestLog {
  id: number;
  request_id: string;
  client_request_id: string | null;
  ts: string;
  method: string;
  path: string;
  request_type: string | null;
  token_id: number | null;
  token_name: string | null;
  /** `admin_token` for the admin token, null when no valid token was sent. */
  token_hint: string | null;
  model: string | null;
  upstream_model: string | null;
  provider: string | null;
  api_key: string | null;
  status_code: number;
  response_time_ms: number;
  ttfb_ms: number | null;
  attempts: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  cached_tokens: number | null;
  reasoning_tokens: number | null;
  usage_source: string | null;
  amount_spent: number | null;
  currency: string | null;
  error_message: string | null;
  upstream_status: number | null;
  upstream_error: string | null;
  /** What the client asked for when the catalog's max_output_tokens clamped it; null: not clamped. */
  clamped_from: number | null;
  /** Every upstream attempt, in order; null when none is known. */
  attempt_details: AttemptDetail[] | null;
}

export type McpTransport = 'streamable_http' | 'sse' | 'stdio';
export type McpServerStatus = 'unknown' | 'connected' | 'error';

/** An upstream MCP server (GET /admin/mcp-servers): header values as hints, env as names only. */
export interface McpServer {
  id: number;
  name: string;
  transport: McpTransport;
  url: string | null;
  headers_hint: Record<string, string | null> | null;
  command: string | null;
  args: string[] | null;
  env_names: string[] | null;
  enabled: boolean;
  /** api: registered here; config: declared in the config file (enable, disable, refresh only). */
  source: 'api' | 'config';
  call_price: string | null;
  tool_prices: Record<string, string> | null;
  timeout_ms: number | null;
  status: McpServerStatus;
  last_error: string | null;
  tool_count: number | null;
  tool_names: string[] | null;
  refreshed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AdminLog {
  id: number;
  ts: string;
  /** admin: the admin API; config: the config file's [[providers]] at start; gateway: the gateway itself. */
  actor: string;
  method: string;
  path: string;
  operation: string;
  target: string | null;
  status_code: number;
  error_message: string | null;
  detail: Record<string, unknown> | null;
}

export type StatsRange = '24h' | '7d';

export interface StatsBucket {
  start: string;
  requests: number;
  errors: number;
  spend: number;
  tokens: number;
}

export interface Stats {
  range: StatsRange;
  unit: 'hour' | 'day';
  timezone: string;
  currency: string;
  from: string;
  to: string;
  totals: Omit<StatsBucket, 'start'>;
  buckets: StatsBucket[];
  top_models: { id: string; provider: string; model: string; requests: number; tokens: number; spend: number }[];
  top_tokens: { id: number; name: string; requests: number; tokens: number; spend: number }[];
  upstream_errors: {
    id: number;
    ts: string;
    provider: string | null;
    model: string | null;
    status_code: number;
    upstream_status: number | null;
    error_message: string | null;
  }[];
}
