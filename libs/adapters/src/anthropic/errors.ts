import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';

/** The `error` object of an Anthropic error body or stream `error` event, when it is one. */
export function anthropicErrorObject(json: unknown): Partial<ErrorResponse['error']> | null {
  if (!isRecord(json) || !isRecord(json.error)) return null;
  return json.error as Partial<ErrorResponse['error']>;
}

/**
 * The message of an Anthropic error body (`{type:'error', error:{type, message}}`), prefixed with
 * its type; null when the body is not one.
 */
export function anthropicErrorMessage(body: Buffer | string): string | null {
  const error = anthropicErrorObject(parseJsonSafe(body));
  if (error === null) return null;
  const message = nonEmptyString(error.message);
  const type = nonEmptyString(error.type);
  if (message === null) return type;
  return type === null ? message : `${type}: ${message}`;
}
