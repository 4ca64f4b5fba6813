import { randomInt } from 'node:crypto';
import { GatewayError } from '@aigw/shared-errors';
import type { ProviderKeyWithSecret } from '@aigw/store';
import type { ProviderEntry } from '../state/routing-state';

export const MAX_ATTEMPTS = 3;

/**
 * The keys to try for one request, in order: the strategy picks the first, failover walks on
 * through the pool (at most MAX_ATTEMPTS keys). `keys`: the ones key health lets be used now
 * (default the whole pool).
 */
export function keysToTry(entry: ProviderEntry, keys: readonly ProviderKeyWithSecret[] = entry.keys): ProviderKeyWithSecret[] {
  if (keys.length === 0) {
    throw new GatewayError('no_upstream_key', `provider "${entry.provider.name}" has no enabled upstream key`);
  }
  let start = 0;
  if (entry.provider.key_strategy === 'round_robin') {
    start = entry.cursor % keys.length;
    entry.cursor = (entry.cursor + 1) % keys.length;
  } else if (entry.provider.key_strategy === 'random') {
    start = randomInt(keys.length);
  }
  const count = Math.min(MAX_ATTEMPTS, keys.length);
  const order: ProviderKeyWithSecret[] = [];
  for (let i = 0; i < count; i++) order.push(keys[(start + i) % keys.length]!);
  return order;
}

/** How an upstream key appears in logs and lists (`logging.key_display`). */
export function displayKey(key: ProviderKeyWithSecret, mode: 'none' | 'masked' | 'plain'): string | null {
  if (mode === 'none') return null;
  return mode === 'plain' ? key.key : key.key_hint;
}
