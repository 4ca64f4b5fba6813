import { StoreError } from '../store-error';
import type { Knex } from 'knex';

/** The provider's name; a missing provider is a not_found StoreError. */
export async function requireProviderName(knex: Knex, providerId: number): Promise<string> {
  const row: { name: string } | undefined = await knex('providers').where('id', providerId).first('name');
  if (!row) throw providerNotFound(providerId);
  return row.name;
}

export function providerNotFound(providerId: number): StoreError {
  return new StoreError('not_found', `provider ${providerId} not found`, { entity: 'provider' });
}
