import type { Request } from 'express';

/**
 * A path parameter as one string. A `*name` wildcard (Express 5 gives its segments as an array)
 * is joined back with "/", so model ids and aliases may contain slashes.
 */
export function pathParam(req: Request, name: string): string {
  const value: unknown = (req.params as Record<string, unknown>)[name];
  if (Array.isArray(value)) return value.join('/');
  return typeof value === 'string' ? value : '';
}
