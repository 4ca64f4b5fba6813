import type { Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';

const DAY_MS = 86_400_000;
/** Rows deleted per statement: small enough that no delete holds locks for long. */
export const PRUNE_BATCH = 1000;
/** The first run comes this soon after start (or after one interval, if that is shorter). */
const FIRST_RUN_MS = 5_000;

export interface PruneResult {
  requestLogs: number;
  adminLogs: number;
  /** Kept POST /v1/responses responses: they live as long as the request logs. */
  responses: number;
}

/** Deletes request_logs, admin_logs and responses rows older than `olderThan`, a batch at a time. */
export async function pruneOldLogs(store: Store, olderThan: Date, batchSize = PRUNE_BATCH): Promise<PruneResult> {
  const drain = async (prune: (olderThan: Date, batchSize: number) => Promise<number>): Promise<number> => {
    let total = 0;
    for (;;) {
      const deleted = await prune(olderThan, batchSize);
      total += deleted;
      if (deleted < batchSize) return total;
    }
  };
  return {
    requestLogs: await drain((d, n) => store.requestLogs.prune(d, n)),
    adminLogs: await drain((d, n) => store.adminLogs.prune(d, n)),
    responses: await drain((d, n) => store.responses.prune(d, n)),
  };
}

export interface RetentionOptions {
  store: Store;
  logger: Logger;
  /** logging.retention_days; 0 keeps everything (nothing is scheduled). */
  retentionDays: number;
  intervalMs: number;
}

export interface Retention {
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Prunes logs past the retention period now and then. Several log-writers may prune at once:
 * deleting rows another one already deleted is harmless. A failed run is logged and the next
 * interval tries again.
 */
export function startRetention(options: RetentionOptions): Retention {
  const { store, logger, retentionDays, intervalMs } = options;
  if (retentionDays <= 0) return { stop: async () => undefined };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    const olderThan = new Date(Date.now() - retentionDays * DAY_MS);
    try {
      const result = await pruneOldLogs(store, olderThan);
      if (result.requestLogs > 0 || result.adminLogs > 0 || result.responses > 0) {
        logger.info({ ...result, olderThan: olderThan.toISOString() }, 'pruned logs past the retention period');
      }
    } catch (err) {
      logger.error({ err }, 'pruning old logs failed; will try again at the next interval');
    }
  };
  const schedule = (delay: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        running = undefined;
        schedule(intervalMs);
      });
    }, delay);
    timer.unref();
  };
  schedule(Math.min(FIRST_RUN_MS, intervalMs));

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
