import type { Dispatcher } from 'undici';
import { requestUpstream, type ProviderAdapter } from '@aigw/adapters';
import type { ChangeBus, KeyHealthStorage } from '@aigw/events';
import type { Provider, ProviderKeyWithSecret, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import { NO_QUOTA_REASON } from './classify';

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

/** One probe call: a GET of the model list, or a POST of a one-token completion. */
interface ProbeCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The optional periodic probe (`routing.key_probe_seconds`, off by default). Each invalid key is
 * asked what proves it usable again, and only a 2xx answer re-activates it (database mark cleared,
 * live record forgotten, admin_logs row with actor `gateway`, every proxy reloads):
 * - invalid for `no_quota` (402, or a 401/403 saying the balance or quota ran out): a completion of
 *   at most one token to the provider's first catalog model, since listing models costs nothing
 *   and answers 2xx for a key that still cannot pay (a provider without catalog models is not probed);
 * - any other reason (revoked, unauthorized, forbidden): the model list, a free call (a provider
 *   without a models endpoint is not probed).
 * Returns the stop function.
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
    const call = await probeCall(options, provider, key);
    if (!call) continue;
    let ok = false;
    try {
      const res = await requestUpstream(options.dispatcher, call.url, {
        method: call.method,
        headers: { accept: 'application/json', ...call.headers },
        body: call.body,
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

/** What proves this invalid key usable again (see startKeyProbe), or null when nothing can. */
async function probeCall(options: KeyProbeOptions, provider: Provider, key: ProviderKeyWithSecret): Promise<ProbeCall | null> {
  const adapter = options.adapterFor(provider.api_type);
  if (key.invalid?.reason !== NO_QUOTA_REASON) {
    const target = adapter.modelsRequest(provider, key.key);
    return target ? { method: 'GET', ...target } : null;
  }
  const [model] = await options.store.models.list(provider.id);
  if (!model) return null;
  const body = { model: model.model_id, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false };
  const built = adapter.buildChatRequest({ provider, upstreamModel: model.model_id, body, stream: false, clientHeaders: {} }, key.key);
  return { method: 'POST', ...built };
}
