import type { ChangeBus } from '@aigw/events';
import type { ProviderKeyWithSecret, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';

/** The admin_logs operation of the gateway marking a key invalid (actor `gateway`). */
export const KEY_INVALIDATED_OPERATION = 'key.invalidate';

/**
 * Keeps an invalid key so across restarts: the database row is marked (once, however many proxies
 * saw the refusal), an admin_logs row with actor `gateway` says why, and every proxy reloads its
 * routing snapshot, which leaves the key out.
 */
export function recordInvalidKey(store: Store, bus: ChangeBus, logger: Logger) {
  return async (key: ProviderKeyWithSecret, provider: string, reason: string, message: string): Promise<void> => {
    const at = new Date();
    if (!(await store.keys.markInvalid(key.id, { reason, message, at }))) return;
    await store.adminLogs.insert([
      {
        ts: at,
        actor: 'gateway',
        method: 'GATEWAY',
        path: `/admin/providers/${provider}/keys/${key.id}`,
        operation: KEY_INVALIDATED_OPERATION,
        target: provider,
        status_code: 200,
        error_message: null,
        detail: { key_id: key.id, hint: key.key_hint, reason, message },
      },
    ]);
    try {
      await bus.publish({ type: 'config', what: 'keys' });
    } catch (err) {
      logger.warn({ err }, 'key health: change notice failed; proxies pick it up on their periodic reload');
    }
  };
}
