import { GatewayError } from '@aigw/shared-errors';

/** A 400 `invalid_request` naming the offending field (Anthropic's dotted path style). */
export function invalidField(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${param} ${message}`, { param });
}

/** The value when it is a string, else an `invalid_request` for `param`. */
export function requireString(value: unknown, param: string): string {
  if (typeof value !== 'string') throw invalidField(param, 'must be a string');
  return value;
}
