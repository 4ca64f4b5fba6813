import type { AigwConfig, LocalTime } from '@aigw/config';
import type { ProviderKey, ProviderKeyWithSecret } from '@aigw/store';

type KeyDisplay = AigwConfig['logging']['key_display'];

/** The hint (first4...last4) unless key_display is `none`; plaintext is only ever shown on reveal. */
export function shownHint(hint: string, display: KeyDisplay): string | null {
  return display === 'none' ? null : hint;
}

export function presentKey(k: ProviderKey, time: LocalTime, display: KeyDisplay) {
  return { id: k.id, hint: shownHint(k.key_hint, display), enabled: k.enabled, created_at: time.format(k.created_at) };
}

export function presentRevealedKey(k: ProviderKeyWithSecret, time: LocalTime, display: KeyDisplay) {
  return { ...presentKey(k, time, display), key: k.key };
}
