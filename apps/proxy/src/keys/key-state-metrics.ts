import { keyStateOf, type KeyHealthStorage } from '@aigw/events';
import type { Store } from '@aigw/store';
import type { GatewayMetrics, KeyStateSample, Logger } from '@aigw/telemetry';

export interface KeyStateMetricsOptions {
  metrics: GatewayMetrics;
  store: Store;
  storage: KeyHealthStorage;
  logger: Logger;
  now?: () => number;
}

/**
 * The key-state gauge (aigw_upstream_keys{provider,state}) of this proxy: a snapshot of every
 * provider's keys (the database: enabled, invalid mark) and their live records (the key-health
 * storage: cooling, breaker) taken at scrape time, never on the request path. Scrapes that come
 * while a snapshot is being read share it. A snapshot that cannot be read leaves the gauge empty
 * for that scrape.
 */
export function registerKeyStateMetrics(options: KeyStateMetricsOptions): void {
  const now = options.now ?? Date.now;
  let pending: Promise<KeyStateSample[]> | undefined;
  const snapshot = async (): Promise<KeyStateSample[]> => {
    const samples: KeyStateSample[] = [];
    for (const provider of await options.store.providers.list()) {
      const keys = await options.store.keys.list(provider.id);
      if (keys.length === 0) continue;
      const { records } = await options.storage.read(keys.map((k) => k.id));
      const at = now();
      for (const key of keys) samples.push({ provider: provider.name, state: keyStateOf(key, records.get(key.id), at).state });
    }
    return samples;
  };
  options.metrics.registerKeyStates(() => {
    pending ??= snapshot()
      .catch((err: unknown) => {
        options.logger.warn({ err }, 'key-state metric: snapshot unreadable');
        return [];
      })
      .finally(() => (pending = undefined));
    return pending;
  });
}
