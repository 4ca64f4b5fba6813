import { exitOnSignal, exitOnStartFailure, type HttpServer, listen, metricsApp } from '@aigw/http';
import { loadConfigOrExit } from '@aigw/config';
import type { ChangeBus } from '@aigw/events';
import { createLogger, GatewayMetrics, startTracingFromConfig } from '@aigw/telemetry';
import type { AdminDeps } from './context';

/** The admin-api process of the distributed mode, on server.admin_port. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-admin');
  const tracing = startTracingFromConfig(config, 'aigw-admin');
  // Loaded only now that tracing runs: its instrumentations patch express, pg and ioredis as they load.
  const { InProcessChangeBus, RedisChangeBus, RedisKeyHealthStorage, resolveRedisNamespace } = await import('@aigw/events');
  const { createStoreFromConfig } = await import('@aigw/store');
  const { createAdminApp } = await import('./app.js');
  const { adminTokenNotice, applyAdminToken } = await import('./auth/admin-token.js');
  const { planConfigProviders, planConfigMcpServers, syncConfig } = await import('./config-sync/index.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-admin' });
  // Checked before anything is opened: a bad [[providers]] entry stops the start naming it.
  const providers = planConfigProviders(config);
  const mcpServers = planConfigMcpServers(config);
  const store = await createStoreFromConfig(config);
  // Without Redis the proxies still pick changes up through their periodic reload.
  const ns = config.queue.redis_url ? await resolveRedisNamespace(store.settings, config.queue.prefix) : undefined;
  const redisBus = ns ? new RedisChangeBus({ redisUrl: config.queue.redis_url, logger, channel: ns.changes }) : undefined;
  const bus: ChangeBus = redisBus ?? new InProcessChangeBus();
  const deps: AdminDeps = { config, store, bus, logger };
  const metrics = new GatewayMetrics('aigw-admin');
  // The port first: a start that cannot bind must not mint (that would lock out the running admin-api).
  let server: HttpServer;
  let metricsServer: HttpServer | undefined;
  try {
    const app = createAdminApp(deps, { metrics, ready: redisBus ? () => redisBus.ping() : undefined });
    server = await listen(app, { host: config.server.host, port: config.server.admin_port, portKey: 'server.admin_port', limits: config.server });
    if (config.metrics.port > 0) {
      metricsServer = await listen(metricsApp(() => metrics.render(), logger), { host: config.server.host, port: config.metrics.port, portKey: 'metrics.port', limits: config.server });
    }
  } catch (err) {
    await Promise.allSettled([bus.close(), store.close()]);
    throw err;
  }
  // The live key states the proxies share (GET /admin/providers/:name/keys reads them there),
  // opened once the port is ours: a start that fails leaves no Redis connection half open.
  const keyHealth = ns ? new RedisKeyHealthStorage({ redisUrl: config.queue.redis_url, logger, keyPrefix: ns.keys }) : undefined;
  deps.keyHealth = keyHealth;
  // Only the admin-api reconciles in the distributed mode; the proxies pick the change up.
  const synced = await syncConfig({ config, store, logger }, providers, mcpServers);
  if (synced.providers > 0) await bus.publish({ type: 'config', what: 'providers' });
  if (synced.aliases > 0) await bus.publish({ type: 'config', what: 'aliases' });
  if (synced.mcpServers > 0) await bus.publish({ type: 'config', what: 'mcp_servers' });
  const adminToken = await applyAdminToken(store, bus, config.security.admin_token_sha256);

  // Before the start is announced: whoever waits for that line may signal at once.
  exitOnSignal(logger, async () => {
    await server.close(config.server.shutdown_grace);
    await metricsServer?.close(0);
    await bus.close();
    await keyHealth?.close();
    await store.close();
    await tracing?.shutdown();
  });
  logger.info({ port: server.port }, 'aigw admin-api listening');
  process.stdout.write(`aigw admin-api listening on port ${server.port}\n`);
  process.stdout.write(adminTokenNotice(adminToken));
}

main().catch(exitOnStartFailure('aigw-admin'));
