/** The request_logs and admin_logs shapes. */

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
