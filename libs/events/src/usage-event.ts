import { z } from 'zod';

/** Decimal amounts travel as strings so no float rounding creeps in between proxy and log-writer. */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const count = z.number().int().min(0);

export const usageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  cached_tokens: count,
  reasoning_tokens: count,
});
export type Usage = z.infer<typeof usageSchema>;

export const priceSnapshotSchema = z.object({
  prompt_per_million: decimal,
  completion_per_million: decimal,
  cached_prompt_per_million: decimal.nullable(),
  currency: z.string(),
});
export type PriceSnapshot = z.infer<typeof priceSnapshotSchema>;

export const USAGE_EVENT_VERSION = 1;

/**
 * What the proxy knows about one finished /v1 request. The log-writer turns it into a
 * request_logs row and a token debit. Versioned: a change of shape gets a new `v`.
 */
export const usageEventSchema = z.object({
  v: z.literal(USAGE_EVENT_VERSION),
  request_id: z.string().min(1),
  /** Epoch milliseconds when the request arrived. */
  ts: z.number().int(),
  method: z.string(),
  path: z.string(),
  request_type: z.string().nullable(),
  /** The full client token, 'admin_token', or null when none was valid. */
  client_token: z.string().nullable(),
  token_id: z.number().int().nullable(),
  model: z.string().nullable(),
  upstream_model: z.string().nullable(),
  provider: z.string().nullable(),
  /** The upstream key as `logging.key_display` says it is shown. */
  api_key: z.string().nullable(),
  status_code: z.number().int(),
  response_time_ms: z.number().int().min(0),
  ttfb_ms: z.number().int().min(0).nullable(),
  attempts: z.number().int().min(0),
  usage: usageSchema.nullable(),
  usage_source: z.enum(['upstream', 'estimated']).nullable(),
  price: priceSnapshotSchema.nullable(),
  /**
   * Most this request may be charged: set when its budget hold was cut to what the token had left,
   * so the token never ends above its budget (DESIGN.md section 7).
   */
  cost_cap: decimal.nullable().optional(),
  error_message: z.string().nullable(),
  upstream_status: z.number().int().nullable(),
  upstream_error: z.string().nullable(),
  /** W3C trace context carried across the queue. */
  trace: z.record(z.string(), z.string()).optional(),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;
