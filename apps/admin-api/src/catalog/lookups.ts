import { GatewayError } from '@aigw/shared-errors';
import type { Provider, Store, Token } from '@aigw/store';

export async function providerByName(store: Store, name: string): Promise<Provider> {
  const provider = await store.providers.getByName(name);
  if (!provider) throw new GatewayError('provider_not_found', `provider "${name}" not found`, { param: 'provider' });
  return provider;
}

/** Ids in paths: a positive whole number, else the resource simply does not exist. */
export function idParam(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9]\d{0,14}$/.test(text)) return undefined;
  return Number(text);
}

export async function tokenById(store: Store, idText: string | undefined): Promise<Token> {
  const id = idParam(idText);
  const token = id === undefined ? undefined : await store.tokens.get(id);
  if (!token) throw new GatewayError('not_found', `token ${JSON.stringify(idText ?? '')} not found`);
  return token;
}
