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

/**
 * The admin token of this start: with `security.admin_token_sha256` set, that hash is stored (so
 * every proxy checks against it) and nothing is minted, for automation that outlives restarts;
 * otherwise a new token is minted. Returns the minted token, or undefined when the configured one is
 * in use. Called only once the port is bound, so a start that fails changes nothing.
 */
export async function applyAdminToken(store: Store, bus: ChangeBus, configuredSha256: string): Promise<string | undefined> {
  if (!configuredSha256) return mintAdminToken(store, bus);
  const hash = configuredSha256.toLowerCase();
  if ((await store.settings.get(ADMIN_TOKEN_SETTING)) !== hash) {
    await store.settings.set(ADMIN_TOKEN_SETTING, hash);
    await bus.publish({ type: 'config', what: 'admin_token' });
  }
  return undefined;
}

/** What a start prints about the admin token: the new one (shown this once) or that the configured one is in use. */
export function adminTokenNotice(minted: string | undefined): string {
  if (minted === undefined) return 'admin token: the configured admin token is in use (security.admin_token_sha256); none was minted\n';
  return `admin token (new at every start; the previous one no longer works):\n${minted}\n`;
}
