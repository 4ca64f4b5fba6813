import type { ChangeBus } from '@aigw/events';
import { ADMIN_TOKEN_SETTING, randomBase62, sha256Hex, type Store } from '@aigw/store';

export { ADMIN_TOKEN_SETTING };

export const ADMIN_TOKEN_PREFIX = 'admin-';
const ADMIN_TOKEN_LENGTH = 48;

/**
 * Creates a new admin token, stores only its sha256 (replacing the previous hash, so the old token
 * stops working everywhere) and tells every instance. Returns the token for the caller to print.
 */
export async function mintAdminToken(store: Store, bus: ChangeBus): Promise<string> {
  const token = ADMIN_TOKEN_PREFIX + randomBase62(ADMIN_TOKEN_LENGTH);
  await store.settings.set(ADMIN_TOKEN_SETTING, sha256Hex(token));
  await bus.publish({ type: 'config', what: 'admin_token' });
  return token;
}
