import { loadConfigOrExit } from '@aigw/config';
import { createLogger, startTracingFromConfig } from '@aigw/telemetry';

async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw');
  const tracing = startTracingFromConfig(config, 'aigw');
  // Loaded only now that tracing runs: its instrumentations patch express, pg and ioredis as they load.
  const { startStandalone } = await import('./standalone.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw' });
  const gateway = await startStandalone({ config, logger });
  logger.info({ url: gateway.url, database: config.database.url.startsWith('sqlite') ? config.database.url : 'postgres' }, 'aigw standalone listening');
  process.stdout.write(`aigw listening on ${gateway.url} (proxy /v1, admin /admin)\n`);
  process.stdout.write(`admin token (new at every start; the previous one no longer works):\n${gateway.adminToken}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    gateway
      .close()
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`aigw failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
