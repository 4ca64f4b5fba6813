import express, { type Express } from 'express';
import type { Dispatcher } from 'undici';
import { apiResponseHeaders, jsonBody, middlewareChain, rejectMalformedPath, serviceRoutes } from '@aigw/http';
import type { AigwConfig } from '@aigw/config';
import type { EventSink } from '@aigw/events';
import type { Store } from '@aigw/store';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { requestIdMiddleware, type GatewayMetrics, type Logger } from '@aigw/telemetry';
import type { BudgetLedger } from './budget/budget-ledger';
import type { RateLimiter } from './limits/rate-limiter';
import { identifyCallerMiddleware } from './auth/identify-caller';
import { limitHeadersBeforeErrorAnswer, limitHeadersMiddleware } from './limits/limit-headers-middleware';
import { adapterCache } from './chat/chat-deps';
import { chatCodec } from './pipeline/codecs/chat.codec';
import { countTokensCodec } from './pipeline/codecs/count-tokens.codec';
import { embeddingsCodec } from './pipeline/codecs/embeddings.codec';
import { messagesCodec } from './pipeline/codecs/messages.codec';
import { createResponsesCodec } from './pipeline/codecs/responses.codec';
import { pipelineHandler, UNBILLED_STAGES } from './pipeline/pipeline';
import type { OpenRecords } from './record/open-records';
import { recordMiddleware } from './record/request-record';
import { isAnthropicClient, modelsHandler } from './routes/models-route';
import { balanceHandler, usageHandler } from './routes/token-routes';
import type { KeyHealth } from './keys/key-health';
import type { StateHolder } from './state/state-holder';
import type { McpGateway } from './mcp/mcp-gateway';
import { createMcpRouter } from './mcp/mcp-router';
import type { McpSessionStore } from './mcp/mcp-sessions';

export interface ProxyDeps {
  config: AigwConfig;
  logger: Logger;
  state: StateHolder;
  ledger: BudgetLedger;
  /** Per-token rate limits (in memory standalone, Redis in distributed mode). */
  limiter: RateLimiter;
  keyHealth: KeyHealth;
  sink: EventSink;
  store: Store;
  dispatcher: Dispatcher;
  /** Requests whose usage event is not emitted yet. */
  openRecords: OpenRecords;
  /** Resolves when the database (and queue) answer; used by /readyz. */
  ready: () => Promise<void>;
  /** Fed by every request's record; served at /metrics. */
  metrics: GatewayMetrics;
  /** /metrics without a token (standalone without metrics.token); otherwise metrics.token is needed. */
  metricsOpen: boolean;
  /** The MCP servers and this proxy's upstream sessions with them (/mcp). */
  mcp: McpGateway;
  /** Client sessions of /mcp (in memory standalone, Redis in distributed mode). */
  mcpSessions: McpSessionStore;
}

const REQUEST_TYPES: Record<string, string> = {
  'POST /v1/chat/completions': 'chat',
  'POST /v1/messages': 'messages',
  'POST /v1/messages/count_tokens': 'count_tokens',
  'POST /v1/embeddings': 'embeddings',
  'POST /v1/responses': 'responses',
  'GET /v1/models': 'models',
  'GET /v1/token/balance': 'token_balance',
  'GET /v1/token/usage': 'token_usage',
};

/** Paths whose clients may send the token as `x-api-key` (Anthropic clients): the Messages endpoints and the model list. */
function acceptsApiKeyHeader(path: string): boolean {
  return path.startsWith('/messages') || path === '/models';
}

/** Errors in Anthropic's shape for the Messages endpoints, and for the model list an Anthropic client asks for. */
function errorStyleFor(req: express.Request): 'anthropic' | 'openai' {
  return req.path.startsWith('/messages') || (req.path === '/models' && isAnthropicClient(req)) ? 'anthropic' : 'openai';
}

export function requestTypeFor(method: string, path: string): string | null {
  // The regex only for a path that has trailing slashes to strip (most have none).
  return REQUEST_TYPES[`${method} ${path.endsWith('/') ? path.replace(/\/+$/, '') : path}`] ?? null;
}

/** Routes /healthz, /readyz, /metrics and /v1/* under one router; mount it on any Express app. */
export function createProxyRouter(deps: ProxyDeps): express.Router {
  const v1 = express.Router();
  // Every /v1 request passes these in this order; as one router layer (not seven) the router
  // matches and wraps one layer per request instead of seven.
  v1.use(
    middlewareChain([
      apiResponseHeaders(),
      requestIdMiddleware(),
      recordMiddleware({ sink: deps.sink, logger: deps.logger, open: deps.openRecords, metrics: deps.metrics, requestTypeFor: (m, p) => requestTypeFor(m, `/v1${p}`) }),
      identifyCallerMiddleware(deps.state, acceptsApiKeyHeader),
      limitHeadersMiddleware(deps.limiter, errorStyleFor, deps.logger),
      rejectMalformedPath(),
      jsonBody({ limit: deps.config.server.body_limit, maxDepth: deps.config.server.json_max_depth }),
    ]),
  );
  const chatDeps = {
    state: deps.state,
    ledger: deps.ledger,
    limiter: deps.limiter,
    keyHealth: deps.keyHealth,
    dispatcher: deps.dispatcher,
    upstreamTimeoutMs: deps.config.server.upstream_timeout,
    defaultCompletionCap: deps.config.limits.default_completion_cap,
    keyDisplay: deps.config.logging.key_display,
    logger: deps.logger,
    upstreamBodyLimit: deps.config.server.upstream_body_limit,
    usageCeiling: deps.config.limits.usage_ceiling,
    maxAttempts: deps.config.routing.max_attempts,
    firstByteTimeoutMs: deps.config.routing.first_byte_timeout,
    adapterFor: adapterCache(deps.config.limits.default_completion_cap),
  };
  // One line per endpoint: its codec through the one pipeline.
  v1.post('/chat/completions', pipelineHandler(chatCodec, chatDeps));
  v1.post('/messages', pipelineHandler(messagesCodec, chatDeps));
  v1.post('/messages/count_tokens', pipelineHandler(countTokensCodec, chatDeps, UNBILLED_STAGES));
  v1.post('/embeddings', pipelineHandler(embeddingsCodec, chatDeps));
  v1.post('/responses', pipelineHandler(createResponsesCodec(deps.store.responses), chatDeps));
  v1.get('/models', modelsHandler(deps));
  const tokenDeps = { state: deps.state, store: deps.store, timezone: deps.config.logging.timezone, currency: deps.config.billing.currency };
  v1.get('/token/balance', balanceHandler(tokenDeps));
  v1.get('/token/usage', usageHandler(tokenDeps));
  v1.use((req) => {
    throw new GatewayError('not_found', `no route for ${req.method} /v1${req.path}`);
  });
  v1.use(errorMiddleware({ logger: deps.logger, styleFor: errorStyleFor, beforeAnswer: limitHeadersBeforeErrorAnswer }));
  const router = express.Router();
  // /v1 first: its requests are the data plane and pass no layer of the service routes (whose
  // paths are not under /v1, so the order changes no answer).
  router.use('/v1', v1);
  router.use(
    serviceRoutes({
      ready: deps.ready,
      onNotReady: (err) => deps.logger.warn({ err }, 'not ready'),
      metrics: { render: () => deps.metrics.render(), token: deps.config.metrics.token, open: deps.metricsOpen },
    }),
  );
  router.use('/mcp', createMcpRouter(deps));
  return router;
}

/** The data plane as its own Express app. */
export function createProxyApp(deps: ProxyDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(createProxyRouter(deps));
  app.use((req, _res, next) => next(new GatewayError('not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware({ logger: deps.logger }));
  return app;
}
