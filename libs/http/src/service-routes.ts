import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import { errorMiddleware, GatewayError, type ErrorLogger } from '@aigw/shared-errors';
import { bearerToken } from './bearer';

/** What a /metrics answer is made from (GatewayMetrics.render in @aigw/telemetry). */
export type MetricsRender = () => Promise<{ contentType: string; body: string }>;

export interface ServiceRoutesOptions {
  /** Rejects when the service cannot serve: its database, and Redis where configured. */
  ready: () => Promise<void>;
  /** Serves GET /metrics when given. */
  metrics?: {
    render: MetricsRender;
    /** metrics.token: the bearer token /metrics needs; empty: none configured. */
    token: string;
    /** True when no token is needed: a separate metrics port, or standalone without metrics.token. */
    open: boolean;
  };
  /** Told why a readiness check failed. */
  onNotReady?: (err: unknown) => void;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws unless the request may read /metrics. */
function checkMetricsAccess(req: express.Request, token: string, open: boolean): void {
  if (open) return;
  if (!token) throw new GatewayError('not_found', 'no route for GET /metrics: set metrics.token, or metrics.port for a separate unauthenticated port');
  const given = bearerToken(req.headers);
  if (given === undefined) throw new GatewayError('missing_token', '/metrics needs the bearer token configured as metrics.token');
  if (!sameToken(given, token)) throw new GatewayError('invalid_token', 'the bearer token does not match metrics.token');
}

/** A GET /metrics handler in the Prometheus text format. */
export function metricsHandler(render: MetricsRender, token: string, open: boolean): express.RequestHandler {
  return async (req, res) => {
    checkMetricsAccess(req, token, open);
    const { contentType, body } = await render();
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(body);
  };
}

/**
 * GET /healthz (the process answers), GET /readyz (it can serve: 503 with the reason otherwise) and,
 * when configured, GET /metrics: the same three on every service.
 */
export function serviceRoutes(options: ServiceRoutesOptions): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await options.ready();
      res.json({ status: 'ready' });
    } catch (err) {
      options.onNotReady?.(err);
      res.status(503).json({ status: 'not ready', error: err instanceof Error ? err.message : String(err) });
    }
  });
  const m = options.metrics;
  if (m) router.get('/metrics', metricsHandler(m.render, m.token, m.open));
  return router;
}

/** The app of a separate metrics port (metrics.port): /metrics without a token, nothing else. */
export function metricsApp(render: MetricsRender, logger: ErrorLogger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(render, '', true));
  app.use((req, _res, next) => next(new GatewayError('not_found', `no route for ${req.method} ${req.path}: only GET /metrics is served on this port`)));
  app.use(errorMiddleware({ logger }));
  return app;
}
