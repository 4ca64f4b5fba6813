import { z } from 'zod';
import { decimalString as decimal, priceSnapshotSchema, usageSchema } from '@aigw/usage';

export const USAGE_EVENT_VERSION = 2;

/** One upstream attempt of a request. */
export const attemptDetailSchema = z.object({
  provider: z.string(),
  model: z.string(),
  key: z.string().nullable(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  ms: z.number().int().min(0),
});
export type AttemptDetailEvent = z.infer<typeof attemptDetailSchema>;

const commonFields = {
  /** Minted by the gateway for every request: the only key that de-duplicates. */
  request_id: z.string().min(1),
  /** Epoch milliseconds when the request arrived. */
  ts: z.number().int(),
  method: z.string(),
  path: z.string(),
  request_type: z.string().nullable(),
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
   * so the token never ends above its budget (docs/SECURITY.md, Budgets).
   */
  cost_cap: decimal.nullable().optional(),
  /**
   * The completion cap the client asked for when the catalog's max_output_tokens clamped it (the
   * request went upstream with the catalog cap). Optional: events written before it read as "not
   * clamped", and a log-writer from before it ignores it.
   */
  clamped_from: z.number().int().min(0).nullable().optional(),
  /**
   * Every upstream attempt made for the request, in order (fallbacks across providers): provider,
   * upstream model, key hint, status, error and milliseconds. Optional: older events read as none.
   */
  attempt_details: z.array(attemptDetailSchema).optional(),
  error_message: z.string().nullable(),
  upstream_status: z.number().int().nullable(),
  upstream_error: z.string().nullable(),
  /** W3C trace context carried across the queue. */
  trace: z.record(z.string(), z.string()).optional(),
};

/**
 * What the proxy knows about one finished /v1 request. The log-writer turns it into a
 * request_logs row and a token debit. Versioned: a change of shape gets a new `v`.
 *
 * v2 names the token by id, name and hint (never its key) and carries the client's own request
 * id apart from the server-minted `request_id`, which alone de-duplicates.
 */
export const usageEventSchema = z.object({
  v: z.literal(USAGE_EVENT_VERSION),
  ...commonFields,
  /** The client's x-client-request-id (or x-request-id), a label only. */
  client_request_id: z.string().nullable(),
  token_name: z.string().nullable(),
  /** The token's key hint, 'admin_token' for the admin token, null when no valid token was sent. */
  token_hint: z.string().nullable(),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;

/**
 * The v1 shape, still read from queues filled before an upgrade. Its `client_token` is the full
 * key (or 'admin_token'): whoever reads one must turn it into a hint and drop it.
 */
export const usageEventV1Schema = z.object({
  v: z.literal(1),
  ...commonFields,
  client_token: z.string().nullable(),
});
export type UsageEventV1 = z.infer<typeof usageEventV1Schema>;

/** Either version, as a queue may hold both during an upgrade. */
export const storedUsageEventSchema = z.discriminatedUnion('v', [usageEventSchema, usageEventV1Schema]);
