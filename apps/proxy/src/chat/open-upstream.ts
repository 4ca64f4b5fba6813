import type { Response } from 'express';
import type { KnownKey, UpstreamRequest } from '@aigw/adapters';
import type { ProviderKeyWithSecret } from '@aigw/store';
import { GatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';
import type { RequestRecord } from '../record/request-record';
import { displayKey, keysToTry } from '../routing/key-picker';
import type { Route } from '../routing/resolve-model';
import type { ChatDeps } from './chat-deps';
import { ClientSignal, type ClientGoneSignal } from './client-signal';
import { CLIENT_GONE } from './forward';
import { sendWithFailover, type UpstreamAnswer } from './upstream-client';
import { logUpstreamFailure } from './upstream-failure';

/** An upstream that answered, and what reading its answer needs. */
export interface OpenedUpstream {
  answer: UpstreamAnswer;
  /** Aborted when the client goes away; the upstream request is aborted with it. */
  signal: ClientGoneSignal;
  provider: string;
  /** The provider's keys: scrubbed from whatever reaches the client, a row or a log. */
  secrets: readonly KnownKey[];
  bodyLimit: number;
  usageCeiling: number;
  logger: Logger;
}

/**
 * Sends the request through the provider's key pool with failover. Returns undefined when the
 * client left before an answer came (the record says so); upstream failures throw.
 */
export async function openUpstream(
  res: Response,
  deps: ChatDeps,
  record: RequestRecord,
  route: Route,
  build: (key: ProviderKeyWithSecret) => UpstreamRequest,
  keyFilter?: (key: ProviderKeyWithSecret) => boolean,
): Promise<OpenedUpstream | undefined> {
  const signal = new ClientSignal();
  // 'close' comes once per response; aborting twice would change nothing anyway.
  res.on('close', () => {
    if (!res.writableFinished) signal.abort();
  });
  const provider = route.entry.provider.name;
  const secrets = route.entry.keys;
  const pool = keyFilter ? pinnedKeys(route.entry.keys, keyFilter, provider) : route.entry.keys;
  // Most requests know their keys at once (records cached or in memory); the others wait for the storage.
  const usable = deps.keyHealth.usableNow(provider, pool) ?? (await deps.keyHealth.usable(provider, pool));
  try {
    const answer = await sendWithFailover({
      keys: keyFilter ? usable : keysToTry(route.entry, usable),
      build,
      dispatcher: deps.dispatcher,
      timeoutMs: deps.upstreamTimeoutMs,
      signal,
      provider,
      secrets,
      onAttempt: (attempt, key) => {
        record.attempts = attempt;
        record.apiKey = displayKey(key, deps.keyDisplay);
      },
      onFailure: (attempt, err) => logUpstreamFailure(deps.logger, record.requestId, err, attempt),
      onOutcome: (key, outcome) => deps.keyHealth.report(key, provider, outcome),
    });
    return { answer, signal, provider, secrets, bodyLimit: deps.upstreamBodyLimit, usageCeiling: deps.usageCeiling, logger: deps.logger };
  } catch (err) {
    if (!signal.aborted) throw err;
    record.failure = { message: CLIENT_GONE };
    record.statusOverride = 499;
    return undefined;
  }
}

/** The keys a pinned request may use (no failover to others); none left is no_upstream_key. */
function pinnedKeys(keys: readonly ProviderKeyWithSecret[], keyFilter: (key: ProviderKeyWithSecret) => boolean, provider: string): ProviderKeyWithSecret[] {
  const allowed = keys.filter(keyFilter);
  if (allowed.length === 0) throw new GatewayError('no_upstream_key', `provider "${provider}" has no enabled upstream key this request may use`);
  return allowed;
}

/** Runs a route's work and lets the request record wait for it before emitting its event. */
export function trackWork(record: RequestRecord, work: Promise<void>): Promise<void> {
  record.whenDone = work.then(settled, settled);
  return work;
}

/** One callback for every request's work, fulfilled or not (no closures per request). */
function settled(): undefined {
  return undefined;
}
