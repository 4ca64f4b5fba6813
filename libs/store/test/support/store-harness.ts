import { createStore, type Dialect, type Store, type StoreOptions } from '../../src';
// The postgres helper is imported by path until @aigw/test-support's index exports it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { dropSchema, testPostgresUrl, uniqueSchema } from '../../../test-support/src/postgres';

export { testPostgresUrl };

export const DIALECTS: Dialect[] = ['sqlite', 'pg'];
export const TIMEZONE = 'Asia/Shanghai';
export const SECRET = 'test-secret';

/**
 * Opens stores for one test file: SQLite in memory, PostgreSQL in schemas of this file's own
 * (`<prefix>_<random>`), all closed and dropped by cleanup().
 */
export class StoreHarness {
  private readonly stores: Store[] = [];
  private readonly schemas: string[] = [];

  constructor(private readonly prefix: string) {}

  /** Options for a fresh, empty database of the dialect. */
  options(dialect: Dialect, overrides: Partial<StoreOptions> = {}): StoreOptions {
    if (dialect === 'sqlite') return { url: 'sqlite::memory:', secret: SECRET, timezone: TIMEZONE, ...overrides };
    const url = testPostgresUrl();
    const schema = uniqueSchema(this.prefix);
    this.schemas.push(schema);
    return { url, schema, poolMax: 5, secret: SECRET, timezone: TIMEZONE, ...overrides };
  }

  /** A store on a fresh, empty database. */
  async open(dialect: Dialect, overrides: Partial<StoreOptions> = {}): Promise<Store> {
    return this.track(await createStore(this.options(dialect, overrides)));
  }

  /** Closes the store at cleanup. */
  track(store: Store): Store {
    this.stores.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.stores.splice(0).map((s) => s.close()));
    for (const schema of this.schemas.splice(0)) await dropSchema(testPostgresUrl(), schema);
  }
}
