import type { Knex } from 'knex';
import { ConfigError, LocalTime } from '@aigw/config';
import type { RoutingData } from './types';
import type { OnUnreadableRow } from './repositories/unreadable-rows';
import { KeyCipher } from './cipher';
import { openDatabase, parseDatabaseUrl, type Dialect } from './connection';
import { migrateToLatest } from './migrations';
import { AdminLogRepository } from './repositories/admin-log.repository';
import { AliasRepository } from './repositories/alias.repository';
import type { StoreContext } from './repositories/context';
import { KeyRepository } from './repositories/key.repository';
import { ModelRepository } from './repositories/model.repository';
import { PriceRepository } from './repositories/price.repository';
import { McpServerRepository } from './repositories/mcp-server.repository';
import { ProviderRepository } from './repositories/provider.repository';
import { RequestLogRepository } from './repositories/request-log.repository';
import { ResponseRepository } from './repositories/response.repository';
import { SettingRepository } from './repositories/setting.repository';
import { StatsRepository } from './repositories/stats.repository';
import { TokenRepository } from './repositories/token.repository';
import { resolveSecret } from './secret';
import { TimeColumns } from './time-columns';

export interface StoreOptions {
  /** `sqlite://data/aigw.db` (relative to cwd), `sqlite::memory:`, or `postgres://...`. */
  url: string;
  /** PostgreSQL schema (search_path), created when missing. Default `public`. */
  schema?: string;
  /** PostgreSQL pool size. Default 20. */
  poolMax?: number;
  /** security.secret; empty: see resolveSecret. */
  secret?: string;
  /** logging.timezone: the zone timestamps are shown in (PostgreSQL session TimeZone, SQLite text). */
  timezone: string;
  /** Base for a relative SQLite path. Default process.cwd(). */
  cwd?: string;
  /**
   * SQLite: how long a write waits for another connection's lock before failing as store busy
   * (isStoreBusy). Default 5000. better-sqlite3 waits synchronously, so this also bounds a stall.
   */
  busyTimeoutMs?: number;
}

export interface Store {
  readonly dialect: Dialect;
  readonly knex: Knex;
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly providers: ProviderRepository;
  readonly keys: KeyRepository;
  readonly models: ModelRepository;
  readonly aliases: AliasRepository;
  readonly prices: PriceRepository;
  readonly tokens: TokenRepository;
  readonly requestLogs: RequestLogRepository;
  /** POST /v1/responses' kept responses (previous_response_id), pruned with request_logs. */
  readonly responses: ResponseRepository;
  readonly adminLogs: AdminLogRepository;
  readonly settings: SettingRepository;
  readonly stats: StatsRepository;
  /** Upstream MCP servers (migration 009). */
  readonly mcpServers: McpServerRepository;
  /**
   * Everything the data plane snapshots (keys decrypted), read in one transaction. With `onSkip`,
   * a row that cannot be read is left out and reported instead of failing the whole snapshot.
   */
  routingData(onSkip?: OnUnreadableRow): Promise<RoutingData>;
}

function localTime(timezone: string): LocalTime {
  try {
    return new LocalTime(timezone);
  } catch {
    throw new ConfigError(`logging.timezone "${timezone}" is not a known IANA time zone (e.g. Asia/Shanghai)`);
  }
}

async function readRoutingData(ctx: StoreContext, onSkip: OnUnreadableRow | undefined): Promise<RoutingData> {
  const read = async (trx: Knex.Transaction): Promise<RoutingData> => {
    const scoped: StoreContext = { ...ctx, knex: trx };
    return {
      providers: await new ProviderRepository(scoped).list(onSkip),
      keys: await new KeyRepository(scoped).listWithSecrets(undefined, onSkip),
      models: await new ModelRepository(scoped).list(undefined, onSkip),
      aliases: await new AliasRepository(scoped).list(),
      prices: await new PriceRepository(scoped).list(undefined, onSkip),
    };
  };
  // Repeatable read gives PostgreSQL one snapshot for all five reads; a SQLite transaction already does.
  return ctx.dialect === 'pg' ? ctx.knex.transaction(read, { isolationLevel: 'repeatable read' }) : ctx.knex.transaction(read);
}

/**
 * Connects, brings the schema up to date and returns the repositories. Open one Store per SQLite
 * file per process: better-sqlite3 waits for locks synchronously, so two pools on one file in the
 * same process can stall each other for the busy timeout.
 */
export async function createStore(options: StoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  const target = parseDatabaseUrl(options.url, schema, options.cwd ?? process.cwd());
  const time = new TimeColumns(target.dialect, localTime(options.timezone));
  // Checked before connecting: a PostgreSQL setup without a secret fails at once.
  if (target.dialect === 'pg') resolveSecret(options.secret, target);
  const knex = await openDatabase(target, { poolMax: options.poolMax ?? 20, timezone: options.timezone, busyTimeoutMs: options.busyTimeoutMs });
  let ctx: StoreContext;
  try {
    ctx = { knex, dialect: target.dialect, time, cipher: KeyCipher.fromSecret(resolveSecret(options.secret, target)) };
    await migrateToLatest(knex, target);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  return {
    dialect: target.dialect,
    knex,
    async ping() {
      await knex.raw('select 1');
    },
    async close() {
      await knex.destroy();
    },
    providers: new ProviderRepository(ctx),
    keys: new KeyRepository(ctx),
    models: new ModelRepository(ctx),
    aliases: new AliasRepository(ctx),
    prices: new PriceRepository(ctx),
    tokens: new TokenRepository(ctx),
    requestLogs: new RequestLogRepository(ctx),
    responses: new ResponseRepository(ctx),
    adminLogs: new AdminLogRepository(ctx),
    settings: new SettingRepository(ctx),
    stats: new StatsRepository(ctx),
    mcpServers: new McpServerRepository(ctx),
    routingData: (onSkip) => readRoutingData(ctx, onSkip),
  };
}
