import type { AigwConfig } from '@aigw/config';
import type { Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';

/** The config file's [aliases] table (a target, or a list of targets with priorities and weights) is upserted at start, so aliases can live in a file. */
export async function seedAliases(store: Store, aliases: AigwConfig['aliases'], logger: Logger): Promise<void> {
  for (const [alias, target] of Object.entries(aliases)) {
    await store.aliases.put(alias, target);
  }
  const count = Object.keys(aliases).length;
  if (count > 0) logger.info({ count }, 'aliases from the config file upserted');
}
