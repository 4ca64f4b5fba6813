import { z } from 'zod';

/** Decimal amounts travel as strings so no float rounding creeps in between proxy and log-writer. */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const count = z.number().int().min(0);

/** The tokens one request used, as the gateway bills them. */
export const usageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  cached_tokens: count,
  reasoning_tokens: count,
});
export type Usage = z.infer<typeof usageSchema>;

/** A model's price per million tokens (and a fixed per-call amount) as it was when a request was served (decimal strings). */
export const priceSnapshotSchema = z.object({
  prompt_per_million: decimalString,
  completion_per_million: decimalString,
  cached_prompt_per_million: decimalString.nullable(),
  currency: z.string(),
  /**
   * A fixed amount per request on top of the tokens (a priced MCP tools/call). Optional: events
   * without it cost their tokens only.
   */
  per_call: decimalString.optional(),
});
export type PriceSnapshot = z.infer<typeof priceSnapshotSchema>;
