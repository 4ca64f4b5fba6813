import type { AigwConfig } from '@aigw/config';
import { createStore, type Store } from './store';

/** Opens the store a config file describes (every app's main uses this). */
export function createStoreFromConfig(config: AigwConfig, cwd?: string): Promise<Store> {
  return createStore({
    url: config.database.url,
    schema: config.database.schema,
    poolMax: config.database.pool_max,
    secret: config.security.secret,
    timezone: config.logging.timezone,
    cwd,
  });
}
