import { GatewayError } from '@aigw/shared-errors';
import type { Knex } from 'knex';

/** The provider's name, or provider_not_found. */
export async function requireProviderName(knex: Knex, providerId: number): Promise<string> {
  const row: { name: string } | undefined = await knex('providers').where('id', providerId).first('name');
  if (!row) throw new GatewayError('provider_not_found', `provider ${providerId} not found`);
  return row.name;
}
