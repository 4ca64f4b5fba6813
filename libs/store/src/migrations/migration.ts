import type { Knex } from 'knex';

/** One schema change, kept in code so migrations run the same from dist and from ts (jest). */
export interface StoreMigration {
  /** Recorded in knex_migrations; never rename one that has shipped. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}
