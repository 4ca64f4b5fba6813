/* eslint-disable @typescript-eslint/no-require-imports -- this module exists to require undici's parts one by one */
import type * as Undici from 'undici';

/**
 * undici's `Agent`, its global dispatcher and the `request` method of its dispatchers, without
 * undici's index. The index also loads fetch, WebSocket, EventSource, the cache stores and the mock
 * agents: about 3 MB of heap that a gateway process keeps and never uses (and its old space, so its
 * RSS, swings by a multiple of what stays live). The gateway only dispatches through an Agent, so
 * only the modules that needs are loaded, wired as undici's index wires them: the request API
 * assigned to `Dispatcher.prototype`. The one caller that wants more (a URL undici refuses, see
 * request-upstream.ts) loads the index then. undici-core.spec.ts checks these are the very objects
 * the index exports.
 */
// What undici's index does once when loaded: the same functions, so loading the index later changes nothing.
Object.assign((require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher).prototype, require('undici/lib/api') as Partial<Undici.Dispatcher>);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;

/** The dispatcher undici's top-level `request` uses when given none (shared with Node's fetch). */
export const { getGlobalDispatcher } = require('undici/lib/global') as Pick<typeof Undici, 'getGlobalDispatcher'>;

/** undici's index, loaded on first use (see above). */
export function undiciIndex(): typeof Undici {
  return require('undici') as typeof Undici;
}
