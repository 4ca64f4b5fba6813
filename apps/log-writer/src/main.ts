import { loadConfigOrExit } from '@aigw/config';
import { createLogger, startTracingFromConfig } from '@aigw/telemetry';

/** One log-writer of the distributed mode: BullMQ in, PostgreSQL out. Run as many as the load needs. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-log-writer');
  const tracing = startTracingFromConfig(config, 'aigw-log-writer');
  // Loaded only now that tracing runs: its instrumentations patch pg and ioredis as they load.
  const { RedisChangeBus } = await import('@aigw/events');
  const { createStoreFromConfig } = await import('@aigw/store');
  const { createLogWriter } = await import('./log-writer.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-log-writer' });
  const redisUrl = config.queue.redis_url;
  if (!redisUrl) {
    process.stderr.write('aigw-log-writer: queue.redis_url (AIGW_QUEUE_REDIS_URL) is required; the log-writer consumes the BullMQ queue there\n');
    process.exit(2);
  }
  const store = await createStoreFromConfig(config);
  const bus = new RedisChangeBus({ redisUrl, logger });
  const writer = createLogWriter({ store, bus, redisUrl, logger, retentionDays: config.logging.retention_days });
  // The URLs may carry passwords: only the kind of database is logged.
  logger.info({ database: store.dialect, retentionDays: config.logging.retention_days }, 'aigw log-writer consuming usage events');
  process.stdout.write('aigw log-writer started\n');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await writer.close();
      await bus.close();
      await store.close();
      await tracing?.shutdown();
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`aigw-log-writer failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
