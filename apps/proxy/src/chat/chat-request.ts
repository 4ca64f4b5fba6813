import { z } from 'zod';
import { GatewayError } from '@aigw/shared-errors';
import { estimatePromptTokens, promptTokenBound } from '@aigw/adapters';
import type { PriceSnapshot } from '@aigw/usage';
import { charLength, hasControlChars, type ModelPrice } from '@aigw/store';

/** request_logs.model is varchar(255), counted in characters. */
export const MODEL_MAX_CHARS = 255;

/** A model name the gateway can route, log and bill: not empty, at most 255 characters, no control characters. */
export const modelName = z
  .string({ error: 'model must be a string' })
  .min(1, 'model must not be empty')
  .refine((m) => charLength(m) <= MODEL_MAX_CHARS, `model must be at most ${MODEL_MAX_CHARS} characters`)
  .refine((m) => !hasControlChars(m), 'model must not contain control characters');

/** The envelope the gateway checks; every other field of the body is passed on as sent. */
const envelopeSchema = z.looseObject({
  model: modelName,
  messages: z.array(z.unknown(), { error: 'messages must be an array' }),
  stream: z.boolean({ error: 'stream must be a boolean' }).optional(),
  max_tokens: z.number().int().min(0).nullable().optional(),
  max_completion_tokens: z.number().int().min(0).nullable().optional(),
});

export type ChatEnvelope = z.infer<typeof envelopeSchema>;

export function parseChatBody(body: unknown): { envelope: ChatEnvelope; body: Record<string, unknown> } {
  const envelope = parseEnvelope(envelopeSchema, body, 'request body must be a JSON object with model and messages');
  return { envelope, body: body as Record<string, unknown> };
}

/**
 * Checks a body against an endpoint's envelope schema: not an object is `notObject`, else the first
 * issue names its field ("input is required" when absent, the schema's message otherwise).
 */
export function parseEnvelope<T>(schema: z.ZodType<T>, body: unknown, notObject: string): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayError('invalid_request', notObject);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    // zod 4 leaves issue.input unset unless asked to report it, so absence is read from the body itself.
    const message = valueAt(body, issue.path) === undefined ? `${field} is required` : issue.message;
    throw new GatewayError('invalid_request', message, { param: field });
  }
  return parsed.data;
}

/** The value at `path` inside `body`, or undefined when any step of it is absent. */
function valueAt(body: object, path: readonly PropertyKey[]): unknown {
  let value: unknown = body;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

/**
 * Snapshots by price row: a routing state's prices are fixed for its life (a reload brings new
 * rows), so each row's snapshot is built once and shared by the records of its requests.
 */
const snapshots = new WeakMap<ModelPrice, PriceSnapshot>();

/** The price as the request row records it (never changed once built). */
export function priceSnapshot(price: ModelPrice): PriceSnapshot {
  let snapshot = snapshots.get(price);
  if (snapshot === undefined) {
    snapshot = {
      prompt_per_million: String(price.prompt_per_million),
      completion_per_million: String(price.completion_per_million),
      cached_prompt_per_million: price.cached_prompt_per_million === null ? null : String(price.cached_prompt_per_million),
      currency: price.currency,
    };
    snapshots.set(price, snapshot);
  }
  return snapshot;
}

/** The completion cap a Chat Completions envelope asks for, or null when it sets none. */
export function completionCapOf(envelope: ChatEnvelope): number | null {
  return envelope.max_completion_tokens ?? envelope.max_tokens ?? null;
}

/** Counts of the prompts of requests in flight, by the prompt object (never mutated once parsed). */
const promptTokenCounts = new WeakMap<Record<string, unknown>, number>();
const promptTokenBounds = new WeakMap<Record<string, unknown>, number>();

function countedOnce(cache: WeakMap<Record<string, unknown>, number>, promptBody: Record<string, unknown>, count: (body: unknown) => number): number {
  let value = cache.get(promptBody);
  if (value === undefined) {
    value = count(promptBody);
    cache.set(promptBody, value);
  }
  return value;
}

/**
 * The tokenizer count of a prompt in Chat Completions shape, counted once per request: the usage
 * estimate reads it when the upstream's figures are missing or distrusted. The first call of the
 * process loads the tokenizer (some 60 MB).
 */
export function promptTokensOf(promptBody: Record<string, unknown>): number {
  return countedOnce(promptTokenCounts, promptBody, estimatePromptTokens);
}

/**
 * An upper bound of promptTokensOf(promptBody) without the tokenizer (promptTokenBound: UTF-8
 * lengths), once per request: the budget hold and the tokens-per-minute admission need a prompt
 * they can cover, not its exact count, and both are settled to the row's usage afterwards.
 */
export function promptTokenBoundOf(promptBody: Record<string, unknown>): number {
  return countedOnce(promptTokenBounds, promptBody, promptTokenBound);
}

/**
 * Upper estimate of a request's cost for the budget hold, for a prompt in Chat Completions shape:
 * the prompt's token bound x prompt price + the completion cap (the request's, else the
 * configured default) x completion price.
 */
export function estimateCostOf(promptBody: Record<string, unknown>, completionCap: number | null, price: ModelPrice, defaultCap: number): number {
  const prompt = promptTokenBoundOf(promptBody);
  const cap = completionCap ?? defaultCap;
  return (prompt * price.prompt_per_million + cap * price.completion_per_million) / 1_000_000;
}

/**
 * The model a body asks for, read before any check: a request refused for its token (402, 403)
 * is still logged with the model it wanted. null when the body names none.
 */
export function requestedModel(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const model = (body as { model?: unknown }).model;
  return typeof model === 'string' ? model : null;
}
