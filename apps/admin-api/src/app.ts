import express, { type Express } from 'express';
import { apiResponseHeaders, rejectMalformedPath, serviceRoutes } from '@aigw/http';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { GatewayMetrics, requestIdMiddleware } from '@aigw/telemetry';
import { auditRecorder } from './audit/audit-recorder';
import { AdminTokenVerifier, requireAdmin } from './auth/admin-auth';
import { consoleRouter } from './console/console-router';
import { createContext, type AdminDeps, type AdminServiceDeps } from './context';
import { storeErrorOf } from './store-errors';
import { aliasesRoutes } from './routes/aliases.routes';
import { keysRoutes } from './routes/keys.routes';
import { logsRoutes } from './routes/logs.routes';
import { mcpServersRoutes } from './routes/mcp-servers.routes';
import { modelsRoutes } from './routes/models.routes';
import { pricesRoutes } from './routes/prices.routes';
import { providersRoutes } from './routes/providers.routes';
import { apiTypesRoutes } from './routes/api-types.routes';
import { statsRoutes } from './routes/stats.routes';
import { tokenSpendingRoutes } from './routes/token-spending.routes';
import { tokensRoutes } from './routes/tokens.routes';

/**
 * The control plane, to be mounted at `/admin`. Health answers without auth (and is not logged);
 * everything else needs the admin token and leaves one admin_logs row.
 */
export function createAdminRouter(deps: AdminDeps): express.Router {
  const ctx = createContext(deps);
  const router = express.Router();
  router.use(apiResponseHeaders());
  router.use(requestIdMiddleware());
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(auditRecorder(deps));
  router.use(rejectMalformedPath());
  router.use(requireAdmin(new AdminTokenVerifier(deps.store, deps.bus)));
  router.use(apiTypesRoutes(ctx));
  router.use(providersRoutes(ctx));
  router.use(keysRoutes(ctx));
  router.use(modelsRoutes(ctx));
  router.use(aliasesRoutes(ctx));
  router.use(pricesRoutes(ctx));
  router.use(tokensRoutes(ctx));
  router.use(tokenSpendingRoutes(ctx));
  router.use(mcpServersRoutes(ctx));
  router.use(logsRoutes(ctx));
  router.use(statsRoutes(ctx));
  router.use((req) => {
    throw new GatewayError('not_found', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  router.use(errorMiddleware({ logger: deps.logger, mapError: (err) => storeErrorOf(err, deps.config.logging.key_display) }));
  return router;
}

/**
 * The admin API as its own app (the admin-api process of the distributed mode, and tests), with the
 * console at /console and the service routes (/healthz, /readyz, /metrics behind metrics.token).
 */
export function createAdminApp(deps: AdminDeps, service: AdminServiceDeps = { metrics: new GatewayMetrics('aigw-admin') }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    serviceRoutes({
      ready: async () => {
        await deps.store.ping();
        await service.ready?.();
      },
      onNotReady: (err) => deps.logger.warn({ err }, 'not ready'),
      metrics: { render: () => service.metrics.render(), token: deps.config.metrics.token, open: false },
    }),
  );
  app.use('/admin', createAdminRouter(deps));
  app.use('/console', consoleRouter());
  app.use((req, _res, next) => next(new GatewayError('not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware({ logger: deps.logger }));
  return app;
}
