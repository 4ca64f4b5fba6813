import type { AigwConfig } from '@aigw/config';
import { GatewayError } from '@aigw/shared-errors';
import { DuplicateKeysError, isStoreBusy, StoreError } from '@aigw/store';

type KeyDisplay = AigwConfig['logging']['key_display'];

/**
 * The one mapping of what the store refuses to the admin API's answers (the store reports its own
 * StoreError kinds; it knows nothing of HTTP). Undefined: not a store error, the default mapping applies.
 */
export function storeErrorOf(err: unknown, display: KeyDisplay): GatewayError | undefined {
  if (isStoreBusy(err)) {
    return new GatewayError('store_busy', 'the database is busy (another writer holds its lock); retry shortly', { cause: err });
  }
  if (err instanceof DuplicateKeysError) {
    return new GatewayError('conflict', err.describe(display !== 'none'), { param: 'keys', cause: err });
  }
  if (!(err instanceof StoreError)) return undefined;
  switch (err.kind) {
    case 'not_found':
      return new GatewayError(err.entity === 'provider' ? 'provider_not_found' : 'not_found', err.message, { cause: err });
    case 'conflict':
      return new GatewayError('conflict', err.message, { cause: err });
    case 'invalid':
      return new GatewayError('invalid_request', err.message, { cause: err });
    case 'unreadable':
      // The operator's problem (a changed security.secret): named, and logged as internal.
      return new GatewayError('internal', err.message, { cause: err });
  }
}
