import { exitOnSignal, exitOnStartFailure } from '@aigw/http';
import { loadConfigOrExit } from '@aigw/config';
import { createLogger, startTracingFromConfig } from '@aigw/telemetry';

async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw');
  const tracing = startTracingFromConfig(config, 'aigw');
  // Loaded only now that tracing runs: its instrumentations patch express, pg and ioredis as they load.
  const { startStandalone } = await import('./standalone.js');
  const { adminTokenNotice } = await import('@aigw/admin-api');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw' });
  const gateway = await startStandalone({ config, logger });

  // Before the start is announced: whoever waits for that line may signal at once.
  exitOnSignal(logger, async () => {
    await gateway.close();
    await tracing?.shutdown();
  });
  logger.info({ url: gateway.url, database: config.database.url.startsWith('sqlite') ? config.database.url : 'postgres' }, 'aigw standalone listening');
  process.stdout.write(`aigw listening on ${gateway.url} (proxy /v1, admin /admin)\n`);
  process.stdout.write(adminTokenNotice(gateway.adminToken));
}

main().catch(exitOnStartFailure('aigw'));
