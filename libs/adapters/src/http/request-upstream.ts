import type { Dispatcher } from 'undici';
import { undiciIndex } from './undici-core';

/** The origin and path undici dispatches an upstream URL to. */
interface DispatchTarget {
  origin: string;
  path: string;
}

/** Past this many distinct URLs the cache starts over (URLs come from the providers' base_url; a key in a query is rare). */
const MAX_CACHED = 256;
const targets = new Map<string, DispatchTarget>();

/**
 * What undici's top-level `request(url, ...)` derives from the URL string on every call (a WHATWG
 * URL parse, its origin and path), derived once per URL. undefined for a URL undici would refuse,
 * so that its own error is the one thrown.
 */
function targetOf(url: string): DispatchTarget | undefined {
  let target = targets.get(url);
  if (target) return target;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const scheme = parsed.origin || parsed.protocol;
  if (!scheme.startsWith('http:') && !scheme.startsWith('https:')) return undefined;
  target = { origin: parsed.origin, path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname };
  if (targets.size >= MAX_CACHED) targets.clear();
  targets.set(url, target);
  return target;
}

/** The request options besides the URL (the dispatcher is the one it goes through). */
export type UpstreamRequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'>;

/**
 * The same call as undici's `request(url, { ...options, dispatcher })`, without parsing the URL
 * again for each request: `dispatcher.request` with the URL's origin and path. The method is
 * required (undici's top-level `request` would default it to GET, or PUT with a body).
 */
export function requestUpstream(dispatcher: Dispatcher, url: string, options: UpstreamRequestOptions): Promise<Dispatcher.ResponseData> {
  const target = targetOf(url);
  // undici's own error for it, from its top-level request (the only use of undici's index).
  if (!target) return undiciIndex().request(url, { ...options, dispatcher });
  // Copied and then set, not spread with two properties added (a new hidden class per call in Node 20).
  const withTarget: Dispatcher.RequestOptions = Object.assign({ origin: target.origin, path: target.path }, options);
  return dispatcher.request(withTarget);
}
