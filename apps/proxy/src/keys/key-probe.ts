import { request, type Dispatcher } from 'undici';
import type { ProviderAdapter } from '@aigw/adapters';
import type { ChangeBus, KeyHealthStorage } from '@aigw/events';
import type { Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';

export interface KeyProbeOptions {
  store: Store;
  bus: ChangeBus;
  storage: KeyHealthStorage;
  dispatcher: Dispatcher;
  adapterFor: (apiType: string) => ProviderAdapter;
  logger: Logger;
  /** `routing.key_probe_seconds` in ms. */
  intervalMs: number;
  timeoutMs: number;
}

export const KEY_REACTIVATED_OPERATION = 'key.reactivate';

/**
 * The optional periodic probe (`routing.key_probe_seconds`, off by default): each invalid key of a
 * provider with a models endpoint is asked for its model list, a cheap call; a 2xx answer
 * re-activates it (database mark cleared, live record forgotten, admin_logs row with actor
 * `gateway`, every proxy reloads). Returns the stop function.
 */
export function startKeyProbe(options: KeyProbeOptions): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void probeInvalidKeys(options)
      .catch((err) => options.logger.error({ err }, 'key probe failed'))
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function probeInvalidKeys(options: KeyProbeOptions): Promise<void> {
  const { store, logger } = options;
  const keys = (await store.keys.listWithSecrets()).filter((k) => k.enabled && k.invalid);
  if (keys.length === 0) return;
  const providers = new Map((await store.providers.list()).map((p) => [p.id, p]));
  for (const key of keys) {
    const provider = providers.get(key.provider_id);
    if (!provider?.enabled) continue;
    const target = options.adapterFor(provider.api_type).modelsRequest(provider, key.key);
    if (!target) continue;
    let ok = false;
    try {
      const res = await request(target.url, {
        method: 'GET',
        headers: { accept: 'application/json', ...target.headers },
        dispatcher: options.dispatcher,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      await res.body.dump();
      ok = res.statusCode >= 200 && res.statusCode < 300;
    } catch {
      ok = false;
    }
    if (!ok || !(await store.keys.clearInvalid(key.id))) continue;
    await options.storage.clear(key.id);
    logger.info({ provider: provider.name, keyId: key.id, key: key.key_hint }, 'upstream key re-activated by the key probe');
    await store.adminLogs.insert([
      {
        ts: new Date(),
        actor: 'gateway',
        method: 'GATEWAY',
        path: `/admin/providers/${provider.name}/keys/${key.id}`,
        operation: KEY_REACTIVATED_OPERATION,
        target: provider.name,
        status_code: 200,
        error_message: null,
        detail: { key_id: key.id, hint: key.key_hint, was: key.invalid?.reason ?? null },
      },
    ]);
    await options.bus.publish({ type: 'config', what: 'keys' }).catch((err) => logger.warn({ err }, 'key probe: change notice failed'));
  }
}
