import { GatewayError } from '@aigw/shared-errors';
import { parseChatBody } from '../../chat/chat-request';
import type { EndpointRequest } from '../types';

/** What POST /v1/responses reads of a body beyond the common envelope. */
export interface ResponsesFields {
  /** `store` (the Responses API's default is true): keep the response for a follow-up. */
  store: boolean;
  previousResponseId: string | null;
}

function invalid(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${param} ${message}`, { param });
}

function optional(raw: Record<string, unknown>, field: string): unknown {
  const value = raw[field];
  return value === null ? undefined : value;
}

/**
 * The Responses envelope only: model (the chat name rules), input a string or an array, stream a
 * boolean, max_output_tokens a positive integer, store a boolean, previous_response_id a string.
 * Everything else is the conversion's or the upstream's to judge.
 */
export function parseResponsesEnvelope(body: unknown): EndpointRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'request body must be a JSON object with model and input');
  }
  const raw = body as Record<string, unknown>;
  parseChatBody({ model: raw.model, messages: [] });
  const input = raw.input;
  if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) throw invalid('input', 'must be a string or an array of input items');
  const stream = optional(raw, 'stream');
  if (stream !== undefined && typeof stream !== 'boolean') throw invalid('stream', 'must be a boolean');
  const cap = optional(raw, 'max_output_tokens');
  if (cap !== undefined && !(typeof cap === 'number' && Number.isInteger(cap) && cap > 0)) throw invalid('max_output_tokens', 'must be a positive integer');
  const store = optional(raw, 'store');
  if (store !== undefined && typeof store !== 'boolean') throw invalid('store', 'must be a boolean');
  const previous = optional(raw, 'previous_response_id');
  if (previous !== undefined && (typeof previous !== 'string' || previous === '')) throw invalid('previous_response_id', 'must be a non-empty string');
  return { model: raw.model as string, stream: stream === true, completionCap: (cap as number | undefined) ?? null, body: raw };
}

/** The fields the Responses codec reads beyond the envelope (already checked by parseResponsesEnvelope). */
export function responsesFieldsOf(body: Record<string, unknown>): ResponsesFields {
  const previous = body.previous_response_id;
  return { store: body.store !== false, previousResponseId: typeof previous === 'string' ? previous : null };
}

/** The request with its completion cap (`max_output_tokens`) replaced: a catalog's clamp. */
export function withResponsesCap(request: EndpointRequest, cap: number): EndpointRequest {
  return { ...request, completionCap: cap, body: { ...request.body, max_output_tokens: cap } };
}
