import { ApiError } from '../api/client';

/** True when the API's `param` names this field (or something inside it, like `keys[2]`). */
function blames(param: string, field: string): boolean {
  return param === field || param.startsWith(`${field}[`) || param.startsWith(`${field}.`);
}

/** The message to show under a field: the API's message when it blamed that field. */
export function fieldError(error: unknown, field: string): string | null {
  return error instanceof ApiError && error.param !== null && blames(error.param, field) ? error.message : null;
}

/**
 * The message to show next to the form's action: any error no field of the form claims
 * (a conflict, a missing provider, a network failure).
 */
export function formError(error: unknown, fields: readonly string[]): string | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    const param = error.param;
    if (param !== null && fields.some((f) => blames(param, f))) return null;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
