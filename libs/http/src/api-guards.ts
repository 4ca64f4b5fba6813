import type { RequestHandler } from 'express';
import { malformedPathError } from '@aigw/shared-errors';

/**
 * Headers on every API answer, errors included (set before any handler runs): answers carry
 * balances, logs and revealed keys, so no cache keeps them, and no browser sniffs a JSON error
 * body into something it renders.
 */
export function apiResponseHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  };
}

/** True when every %XX sequence of the path decodes to UTF-8. */
export function isDecodablePath(path: string): boolean {
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Refuses a path that cannot be decoded, before routing (which would answer 404 or fail decoding a parameter). */
export function rejectMalformedPath(): RequestHandler {
  return (req, _res, next) => {
    next(isDecodablePath(req.path) ? undefined : malformedPathError());
  };
}
