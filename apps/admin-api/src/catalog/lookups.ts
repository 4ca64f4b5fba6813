import { GatewayError } from '@aigw/shared-errors';
import type { Provider, Store, Token } from '@aigw/store';
import { PROVIDER_NAME } from '../schemas/common';

/** tokens.id and provider_keys.id are integer columns: int32 on PostgreSQL. */
const MAX_ID = 2 ** 31 - 1;

export async function providerByName(store: Store, name: string): Promise<Provider> {
  // A name no provider can have is not looked up: it may hold what a query cannot carry (NUL).
  const provider = PROVIDER_NAME.test(name) ? await store.providers.getByName(name) : undefined;
  if (!provider) throw new GatewayError('provider_not_found', `provider "${name}" not found`, { param: 'provider' });
  return provider;
}

/** Ids in paths: a positive whole number, else the resource simply does not exist. */
export function idParam(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_ID ? id : undefined;
}

export async function tokenById(store: Store, idText: string | undefined): Promise<Token> {
  const id = idParam(idText);
  const token = id === undefined ? undefined : await store.tokens.get(id);
  if (!token) throw new GatewayError('not_found', `token ${JSON.stringify(idText ?? '')} not found`);
  return token;
}
