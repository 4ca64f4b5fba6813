import type { Knex } from 'knex';
import type { KeyCipher } from '../cipher';
import type { Dialect } from '../connection';
import type { TimeColumns } from '../time-columns';

/** What every repository works with. `knex` may be a transaction (routingData reads in one). */
export interface StoreContext {
  knex: Knex;
  dialect: Dialect;
  time: TimeColumns;
  cipher: KeyCipher;
}
