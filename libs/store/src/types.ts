/**
 * The store's public shapes. Rows come back with JS types: Date for instants, number for money
 * (decimal columns read back as numbers), booleans for flags, parsed JSON for JSON columns.
 */

import type { ApiType } from '@aigw/adapters';

// The provider types are listed once, in the adapter registry (a type-only import: no runtime code).
export type { ApiType } from '@aigw/adapters';
export type KeyStrategy = 'first' | 'round_robin' | 'random';
export type DisabledReason = 'manual' | 'exhausted';

export interface Provider {
  id: number;
  name: string;
  api_type: ApiType;
  base_url: string;
  models_endpoint: string | null;
  key_strategy: KeyStrategy;
  enabled: boolean;
  /** The upstream speaks the Responses API: POST /v1/responses passes through to it (openai type). */
  responses_api: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface NewProvider {
  name: string;
  api_type: ApiType;
  base_url: string;
  models_endpoint?: string | null;
  key_strategy?: KeyStrategy;
  enabled?: boolean;
  responses_api?: boolean;
}

export type ProviderPatch = Partial<Omit<NewProvider, 'name'>>;

export interface ProviderKey {
  id: number;
  provider_id: number;
  key_hint: string;
  /** false: disabled by the operator. */
  enabled: boolean;
  /** Set when the upstream called the key invalid (401/403); cleared when the operator re-enables it. */
  invalid: KeyInvalidMark | null;
  created_at: Date;
}

/** Why and when the gateway marked a key invalid; `message` is the upstream's, scrubbed of keys. */
export interface KeyInvalidMark {
  reason: string;
  message: string;
  at: Date;
}

/** A key with its plaintext, for the data plane's snapshot and `?reveal=true`. */
export interface ProviderKeyWithSecret extends ProviderKey {
  key: string;
}

export interface CatalogModel {
  id: number;
  provider_id: number;
  provider: string;
  model_id: string;
  /** Most output tokens a request to this model may ask; a request asking more is clamped. null: no cap. */
  max_output_tokens: number | null;
  /** Added with `unlisted: true`: served by the upstream although its /models does not list it. */
  unlisted: boolean;
  created_at: Date;
}

/** One target of an alias: requests go to the highest priority first, spread by weight within it. */
export interface AliasTarget {
  /** `provider/model` or a bare catalog id. */
  model: string;
  /** Higher is tried first. */
  priority: number;
  /** Share within its priority tier (relative to the others there). */
  weight: number;
}

export interface Alias {
  alias: string;
  /** The first target (highest priority, first listed): what an alias with one target names. */
  target: string;
  /** Every target, in the order given; an alias set by a plain string has the one target. */
  targets: AliasTarget[];
}

/** One upstream attempt of a request, as its request_logs row keeps it. */
export interface AttemptDetail {
  provider: string;
  /** The model id sent upstream. */
  model: string;
  /** The upstream key as `logging.key_display` shows it (null when no key was tried). */
  key: string | null;
  /** The upstream's HTTP status, or null when none came (connection error, timeout). */
  status: number | null;
  /** What failed, or null for the attempt that answered. */
  error: string | null;
  ms: number;
}

export interface ModelPrice {
  id: number;
  provider_id: number;
  provider: string;
  model_id: string;
  prompt_per_million: number;
  completion_per_million: number;
  cached_prompt_per_million: number | null;
  currency: string;
  updated_at: Date;
}

export interface NewPrice {
  provider_id: number;
  model_id: string;
  prompt_per_million: number;
  completion_per_million: number;
  cached_prompt_per_million?: number | null;
  currency: string;
}

/** A gateway token. The key itself is never stored: only its sha256 and a hint to recognise it by. */
export interface Token {
  id: number;
  /** sha256 (hex) of the key; the data plane finds a presented key by it. */
  key_hash: string;
  /** What a person may see of the key (keyHint: first 4, `...`, last 4). */
  key_hint: string;
  name: string;
  /** null: every model. */
  allowed_models: string[] | null;
  /** MCP allow-list: `server` (every tool of it) or `server/tool`; null or []: no MCP access. */
  mcp_allowed: string[] | null;
  /** null: unlimited. */
  max_amount: number | null;
  amount_spent: number;
  /** Requests per minute; null: no limit. */
  rpm_limit: number | null;
  /** Tokens (prompt + completion) per minute; null: no limit. */
  tpm_limit: number | null;
  /** Requests in flight at once; null: no limit. */
  concurrency_limit: number | null;
  enabled: boolean;
  disabled_reason: DisabledReason | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewToken {
  /** The plaintext key: hashed and hinted by the store, never written. */
  key: string;
  name: string;
  allowed_models?: string[] | null;
  mcp_allowed?: string[] | null;
  max_amount?: number | null;
  rpm_limit?: number | null;
  tpm_limit?: number | null;
  concurrency_limit?: number | null;
  expires_at?: Date | null;
  enabled?: boolean;
}

export type TokenPatch = Partial<{
  name: string;
  allowed_models: string[] | null;
  mcp_allowed: string[] | null;
  max_amount: number | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  concurrency_limit: number | null;
  expires_at: Date | null;
  enabled: boolean;
  disabled_reason: DisabledReason | null;
}>;

/** One request_logs row as written. `ts` is the instant the request arrived. */
export interface RequestLogInput {
  request_id: string;
  ts: Date;
  method: string;
  path: string;
  request_type: string | null;
  /** The client's own id for the request (x-client-request-id or x-request-id), a label only. */
  client_request_id: string | null;
  /** The client token that made the request (null for the admin token or when none was valid). */
  token_id: number | null;
  token_name: string | null;
  /** The token's key hint, `admin_token` for the admin token, null when no valid token was sent. */
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
  usage_source: 'upstream' | 'estimated' | null;
  /** Decimal string, e.g. "0.0001234500". */
  amount_spent: string | null;
  currency: string | null;
  error_message: string | null;
  upstream_status: number | null;
  upstream_error: string | null;
  /** The completion cap the client asked for, when the catalog's max_output_tokens clamped it; else null. */
  clamped_from: number | null;
  /** Every upstream attempt, in order (fallbacks across providers); null when none is known. */
  attempt_details?: AttemptDetail[] | null;
}

export interface RequestLog extends Omit<RequestLogInput, 'amount_spent'> {
  id: number;
  amount_spent: number | null;
}

/** A log row plus the debit it causes, written together by the log-writer. */
export interface LoggedRequest {
  log: RequestLogInput;
  /** Token to debit (by id) with log.amount_spent; null when nothing is debited. */
  token_id: number | null;
}

export interface RecordResult {
  /** request_ids inserted now. */
  inserted: string[];
  /** request_ids already present (redelivery): neither inserted nor debited again. */
  duplicates: string[];
  /** token ids that reached their max_amount and were disabled with reason 'exhausted'. */
  exhausted: number[];
  /** token ids whose amount_spent changed. */
  debited: number[];
}

/** The hint request_logs rows of the admin token carry (token_id null). */
export const ADMIN_TOKEN_LABEL = 'admin_token';

export interface LogFilter {
  /** A client token's id, or ADMIN_TOKEN_LABEL for the admin token's rows. */
  token?: number | typeof ADMIN_TOKEN_LABEL;
  client_request_id?: string;
  model?: string;
  provider?: string;
  status?: number;
  from?: Date;
  to?: Date;
  /** Rows with id below this (keyset pagination, newest first). */
  before_id?: number;
  limit: number;
}

/** Who made an admin_logs change: the admin API, the config file at start, or the gateway itself. */
export type AdminLogActor = 'admin' | 'config' | 'gateway';

export interface AdminLogInput {
  ts: Date;
  /** Default `admin`. */
  actor?: AdminLogActor;
  method: string;
  path: string;
  operation: string;
  target: string | null;
  status_code: number;
  error_message: string | null;
  detail: Record<string, unknown> | null;
}

export interface AdminLog extends AdminLogInput {
  id: number;
  actor: AdminLogActor;
}

export interface AdminLogFilter {
  operation?: string;
  /** `changes`: requests that may change something (not GET or HEAD); `reads`: GET and HEAD only. */
  kind?: 'changes' | 'reads';
  status?: number;
  from?: Date;
  to?: Date;
  before_id?: number;
  limit: number;
}

/** Everything the data plane needs, read in one go for its in-memory snapshot. */
export interface RoutingData {
  providers: Provider[];
  keys: ProviderKeyWithSecret[];
  models: CatalogModel[];
  aliases: Alias[];
  prices: ModelPrice[];
}

/**
 * One response of POST /v1/responses, kept for `previous_response_id`. A converted provider's row
 * carries the items it was built from and produced; a pass-through provider's row carries none,
 * only the upstream key that made it. `token_id` null: the admin token.
 */
export interface StoredResponse {
  id: string;
  token_id: number | null;
  provider: string;
  key_id: number | null;
  model: string;
  /** Input items incl. the history the request was built from; null for a pass-through row. */
  input_items: unknown[] | null;
  output_items: unknown[] | null;
  created_at: Date;
}

export type NewStoredResponse = Omit<StoredResponse, 'created_at'> & { created_at?: Date };
