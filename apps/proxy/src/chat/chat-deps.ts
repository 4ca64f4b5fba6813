import type { Dispatcher } from 'undici';
import { getAdapter, type ProviderAdapter } from '@aigw/adapters';
import type { Logger } from '@aigw/telemetry';
import type { BudgetLedger } from '../budget/budget-ledger';
import type { RateLimiter } from '../limits/rate-limiter';
import type { KeyHealth } from '../keys/key-health';
import type { StateHolder } from '../state/state-holder';

/** What the chat-like routes (/v1/chat/completions, /v1/messages) need. */
export interface ChatDeps {
  state: StateHolder;
  ledger: BudgetLedger;
  /** Per-token request, token and concurrency limits. */
  limiter: RateLimiter;
  /** Which keys may be used now, and what each answer says about its key. */
  keyHealth: KeyHealth;
  dispatcher: Dispatcher;
  upstreamTimeoutMs: number;
  defaultCompletionCap: number;
  keyDisplay: 'none' | 'masked' | 'plain';
  logger: Logger;
  /** Most bytes of a non-stream upstream answer that are read (`server.upstream_body_limit`). */
  upstreamBodyLimit: number;
  /** Most tokens an upstream may report before its usage is distrusted (`limits.usage_ceiling`). */
  usageCeiling: number;
  /** Most targets one request tries across an alias's fallbacks (`routing.max_attempts`). */
  maxAttempts: number;
  /** A stream whose first body byte takes longer fails over (`routing.first_byte_timeout`). */
  firstByteTimeoutMs: number;
  /** [0, 1) for the weighted choice among an alias's targets; Math.random unless a test injects one. */
  random?: () => number;
  /** The adapter of an api_type, configured once (see adapterCache). */
  adapterFor: (apiType: string) => ProviderAdapter;
}

/** Adapters built once per api_type with the configured completion cap. */
export function adapterCache(defaultMaxTokens: number): (apiType: string) => ProviderAdapter {
  const cache = new Map<string, ProviderAdapter>();
  return (apiType) => {
    let adapter = cache.get(apiType);
    if (!adapter) {
      adapter = getAdapter(apiType, { defaultMaxTokens });
      cache.set(apiType, adapter);
    }
    return adapter;
  };
}
