import type { AigwConfig } from '@aigw/config';
import { GatewayError } from '@aigw/shared-errors';
import { keyHint, type ProviderKeyWithSecret } from '@aigw/store';

type KeyDisplay = AigwConfig['logging']['key_display'];

/**
 * Rejects with 409 keys that repeat within the request or already belong to the provider, naming
 * each by its position and hint (never the key itself).
 */
export function assertNoDuplicateKeys(keys: string[], existing: ProviderKeyWithSecret[], provider: string, display: KeyDisplay): void {
  const known = new Map(existing.map((k) => [k.key, k.key_hint]));
  const seen = new Set<string>();
  const problems: string[] = [];
  keys.forEach((key, i) => {
    const hint = display === 'none' ? '' : ` (${known.get(key) ?? keyHint(key)})`;
    if (known.has(key)) problems.push(`keys[${i}]${hint} is already on provider "${provider}"`);
    else if (seen.has(key)) problems.push(`keys[${i}]${hint} repeats an earlier key in the request`);
    seen.add(key);
  });
  if (problems.length > 0) {
    throw new GatewayError('conflict', `duplicate upstream keys: ${problems.join('; ')}`, { param: 'keys' });
  }
}
