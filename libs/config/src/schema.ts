import { z } from 'zod';
import { mcpServersSchema } from './mcp';
import { providersSchema } from './providers';
import { isIanaZone } from './time-zone';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const SIZE = /^(\d+)(b|kb|mb|gb)$/i;

/** "10m", "30s", "500ms", "1h" or a number of milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return value >= 0 ? value : undefined;
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * factor;
}

/** "20mb", "512kb" or a number of bytes. */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  const m = SIZE.exec(value.trim());
  if (!m) return undefined;
  const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[m[2]!.toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  return Number(m[1]) * factor;
}

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration like "30s", "10m" or "500ms"` });
    return z.NEVER;
  }
  return ms;
});

const size = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const bytes = parseSize(v);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a size like "20mb" or "512kb"` });
    return z.NEVER;
  }
  return bytes;
});

const port = z.coerce.number().int().min(0).max(65535);

/** Booleans from TOML or from env strings ("true"/"false"/"1"/"0"). */
const bool = z.preprocess((v) => {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  return v;
}, z.boolean());

/** One target of an alias in the config file: higher priority first, spread by weight within a priority. */
export const aliasTargetSchema = z
  .object({
    model: z.string().min(1),
    priority: z.coerce.number().int().default(0),
    weight: z.coerce.number().positive().default(1),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('0.0.0.0'),
        port: port.default(8080),
        admin_port: port.default(8081),
        /** The log-writer's small HTTP port: /healthz, /readyz and /metrics. */
        log_writer_port: port.default(8082),
        body_limit: size.default(20 * 1024 * 1024),
        upstream_timeout: duration.default(600_000),
        /** Most of a non-stream upstream answer that is read; past it the request fails with upstream_error. */
        upstream_body_limit: size.default(32 * 1024 * 1024),
        /** Time a client has to send all request headers. */
        headers_timeout: duration.default(60_000),
        /** Time a client has to send the whole request (headers and body); the answer is not limited by it. */
        request_timeout: duration.default(300_000),
        /** Idle time after which a keep-alive connection is closed. */
        keep_alive_timeout: duration.default(65_000),
        /** Open client connections at most (0: no cap). */
        max_connections: z.coerce.number().int().min(0).default(10_000),
        /** JSON bodies nested deeper than this are refused with 400. */
        json_max_depth: z.coerce.number().int().min(1).max(10_000).default(64),
        /** On SIGTERM, how long in-flight requests may run before their connections are cut. */
        shutdown_grace: duration.default(10_000),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        url: z
          .string()
          .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
          .default('sqlite://data/aigw.db'),
        schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('public'),
        pool_max: z.coerce.number().int().min(1).max(1000).default(20),
      })
      .strict()
      .prefault({}),
    queue: z
      .object({
        redis_url: z.string().default(''),
        /** Prefix of every Redis key and channel; empty: `aigw:<deployment_id>` (minted once, kept in settings). */
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9_.:-]{0,64}$/, 'must be up to 64 letters, digits, ".", "_", ":" or "-"')
          .default(''),
        /**
         * Usage events per queue job sent by a proxy: 1 is one `usage` job per event; more packs the
         * events that leave together into `usage-batch` jobs (one Redis script for all of them).
         */
        events_per_job: z.coerce.number().int().min(1).max(200).default(50),
      })
      .strict()
      .prefault({}),
    logging: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        timezone: z
          .string()
          .refine((tz) => isIanaZone(tz), 'must be an IANA time zone such as Asia/Shanghai')
          .default('Asia/Shanghai'),
        key_display: z.enum(['none', 'masked', 'plain']).default('masked'),
        pretty: bool.default(false),
        retention_days: z.coerce.number().int().min(0).default(90),
      })
      .strict()
      .prefault({}),
    limits: z
      .object({
        default_completion_cap: z.coerce.number().int().min(1).default(4096),
        /** Most tokens an upstream may report for one request (prompt or completion) before its usage is distrusted; at most int32, as request_logs keeps counts in integer columns. */
        usage_ceiling: z.coerce.number().int().min(1).max(2_147_483_647).default(10_000_000),
      })
      .strict()
      .prefault({}),
    security: z
      .object({
        secret: z.string().default(''),
        /** sha256 (hex) of an admin token kept across restarts; empty: a new admin token at every start. */
        admin_token_sha256: z
          .string()
          .regex(/^([0-9a-fA-F]{64})?$/, 'must be 64 hex characters (sha256 of the admin token)')
          .default(''),
      })
      .strict()
      .prefault({}),
    budget: z
      .object({
        /**
         * While Redis is unreachable: `share` spends at most remaining / live proxies per proxy (and
         * admits at most each rate limit / live proxies); `refuse` refuses budgeted and rate-limited tokens.
         */
        on_redis_outage: z.enum(['share', 'refuse']).default('share'),
      })
      .strict()
      .prefault({}),
    routing: z
      .object({
        /** Connection errors, timeouts or 5xx in a row that open a key's circuit breaker. */
        breaker_failures: z.coerce.number().int().min(1).default(5),
        /** How long an open breaker keeps the key out before one probe request may try it (seconds). */
        breaker_open_seconds: z.coerce.number().positive().default(30),
        /** Every this many seconds invalid keys are re-tested with a models call and re-activated on success; 0: off. */
        key_probe_seconds: z.coerce.number().min(0).default(0),
        /** Most targets one request tries across an alias's fallbacks (each target's own key failover counts once). */
        max_attempts: z.coerce.number().int().min(1).max(20).default(3),
        /** A stream whose first body byte takes longer fails over to the next target. */
        first_byte_timeout: duration.default(30_000),
      })
      .strict()
      .prefault({}),
    billing: z
      .object({ currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code').default('USD') })
      .strict()
      .prefault({}),
    telemetry: z
      .object({ otlp_endpoint: z.string().default(''), service_name: z.string().default('') })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /** Bearer token GET /metrics needs on a service's main port; empty: none (standalone then serves it openly, the others not at all). */
        token: z.string().default(''),
        /** A separate port serving only GET /metrics without a token; 0: none. */
        port: port.default(0),
      })
      .strict()
      .prefault({}),
    /** alias = "provider/model", or alias = [{ model, priority, weight }, ...] (fallbacks across providers). */
    aliases: z.record(z.string().min(1), z.union([z.string().min(1), z.array(aliasTargetSchema).min(1)])).default({}),
    /** `[[providers]]`: reconciled into the database at start (standalone and admin-api). */
    providers: providersSchema,
    /** The MCP gateway: the default timeout of one upstream MCP request (a server's timeout_ms overrides it). */
    mcp: z
      .object({ call_timeout: duration.default(30_000) })
      .strict()
      .prefault({}),
    /** `[[mcp_servers]]`: reconciled into the database at start (standalone and admin-api), like [[providers]]. */
    mcp_servers: mcpServersSchema,
  })
  .strict();

export type AigwConfig = z.output<typeof configSchema>;
export type AigwConfigInput = z.input<typeof configSchema>;
