import type { UsageEvent, UsageEventV1 } from '@aigw/events';
import { ADMIN_TOKEN_LABEL, keyHint } from '@aigw/store';

/**
 * A v1 event (left in a queue by a proxy from before the upgrade) as a v2 one. Its `client_token`
 * is a full key: only its hint survives, and the key is dropped here, before anything stores or
 * logs the event. The token's name is not known from a v1 event (the row keeps id and hint).
 */
export function upgradeUsageEvent(event: UsageEvent | UsageEventV1): UsageEvent {
  if (event.v === 2) return event;
  const { client_token: key, v: _v, ...rest } = event;
  const hint = key === null ? null : key === ADMIN_TOKEN_LABEL ? ADMIN_TOKEN_LABEL : keyHint(key);
  return { ...rest, v: 2, client_request_id: null, token_name: null, token_hint: hint };
}
