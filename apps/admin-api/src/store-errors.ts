import { GatewayError } from '@aigw/shared-errors';
import { isStoreBusy } from '@aigw/store';

/** Store failures the admin API answers with their own code instead of a 500. */
export function storeErrorOf(err: unknown): GatewayError | undefined {
  if (isStoreBusy(err)) {
    return new GatewayError('store_busy', 'the database is busy (another writer holds its lock); retry shortly', { cause: err });
  }
  return undefined;
}
