import type { RequestHandler } from 'express';
import type { Dispatcher } from 'undici';
import { jsonBody } from '@aigw/http';
import { LocalTime, type AigwConfig } from '@aigw/config';
import type { ChangeBus, KeyHealthStorage } from '@aigw/events';
import type { OnUnreadableRow, Store } from '@aigw/store';
import type { GatewayMetrics, Logger } from '@aigw/telemetry';
import { operation, type Operation } from './audit/audit';

export interface AdminDeps {
  config: AigwConfig;
  store: Store;
  bus: ChangeBus;
  logger: Logger;
  /** undici dispatcher for calls to upstreams (model discovery); the global one when absent. */
  dispatcher?: Dispatcher;
  /**
   * The keys' live health as the proxies record it (standalone: the proxy's memory storage;
   * distributed: the same Redis records the proxies write). Absent: only the database's states.
   */
  keyHealth?: KeyHealthStorage;
}

/** What the admin-api process adds for its own /healthz, /readyz and /metrics. */
export interface AdminServiceDeps {
  metrics: GatewayMetrics;
  /** Extra readiness checks (Redis, when configured); the store is always pinged. */
  ready?: () => Promise<void>;
}

/** What every route file gets: the dependencies plus the helpers they all share. */
export interface AdminContext {
  readonly deps: AdminDeps;
  /** Renders and parses human-facing timestamps in `logging.timezone`. */
  readonly time: LocalTime;
  /**
   * Handlers that open a route: name the operation for admin_logs (and take the target from a
   * path parameter), then parse the JSON body, so even a malformed body is logged under its operation.
   */
  op(name: Operation, targetParam?: string): RequestHandler[];
  /** Tells every proxy to reload after a change. */
  changed(what: string): Promise<void>;
  /** For list reads: a row the store cannot read is left out of the answer and logged at error level. */
  readonly logUnreadable: OnUnreadableRow;
}

export function createContext(deps: AdminDeps): AdminContext {
  const json = jsonBody({ limit: deps.config.server.body_limit, maxDepth: deps.config.server.json_max_depth });
  return {
    deps,
    time: new LocalTime(deps.config.logging.timezone),
    op: (name, targetParam) => [operation(name, targetParam), json],
    logUnreadable: (row) => deps.logger.error({ table: row.table, id: row.id, reason: row.reason }, 'admin list: skipped a row that cannot be read'),
    changed: async (what) => {
      try {
        await deps.bus.publish({ type: 'config', what });
      } catch (err) {
        // The change is committed; proxies still pick it up on their periodic reload.
        deps.logger.warn({ err, what }, 'config change notification failed');
      }
    },
  };
}
