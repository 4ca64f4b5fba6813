import type { RoutingState } from '../state/routing-state';

/** What a credential was found to be in one state: the admin token, or the key_hash of a token. */
export type KnownCredential = { admin: true } | { admin: false; hash: string };

/** At most this many credentials per state (a state holds one entry per token, plus the admin's). */
const MAX_PER_STATE = 10_000;

/**
 * Credentials already hashed and found in a state, so a client's next requests skip the sha256 and
 * the timing-safe admin compare. Only credentials whose hash the state holds are kept (an unknown
 * one is never stored), and only for the life of that state: a reload builds a new state and this
 * map of the old one goes with it, so no secret is kept longer than the state keeps its hash. The
 * token is looked up by hash on every request, so its spending and enabled state are always current.
 */
const byState = new WeakMap<RoutingState, Map<string, KnownCredential>>();

export function knownCredential(state: RoutingState, credential: string): KnownCredential | undefined {
  return byState.get(state)?.get(credential);
}

export function rememberCredential(state: RoutingState, credential: string, known: KnownCredential): void {
  let credentials = byState.get(state);
  if (credentials === undefined) byState.set(state, (credentials = new Map()));
  if (credentials.size < MAX_PER_STATE) credentials.set(credential, known);
}
