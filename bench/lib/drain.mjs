// Log-writer drain rates, run as its own process by run.mjs (node drain.mjs [--smoke] <tmp dir>):
// the usage handler into SQLite and PostgreSQL, and BullMQ queue -> log-writer -> PostgreSQL end to end.
// Prints one line "DRAIN <json>".
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dropSchema } from './pg.mjs';
import { benchPrefix, dropKeys } from './redis-keys.mjs';

const require = createRequire(import.meta.url);
const ROOT = new URL('../..', import.meta.url).pathname;
const lib = (p) => require(join(ROOT, p, 'dist'));
const { createStore, generateTokenKey } = lib('libs/store');
const { InProcessChangeBus, BullMqEventSink, redisNamespace } = lib('libs/events');
const { createLogger } = lib('libs/telemetry');
const logWriter = lib('apps/log-writer');

const smoke = process.argv.includes('--smoke');
const tmp = process.argv.at(-1);
const EVENTS = smoke ? 2000 : Number(process.env.BENCH_DRAIN_EVENTS ?? 50_000);
const QUEUE_EVENTS = smoke ? 1000 : Number(process.env.BENCH_QUEUE_EVENTS ?? 20_000);
const BATCH = 500;
const logger = createLogger({ level: 'silent', timezone: 'UTC' });
const pgUrl = process.env.TEST_DATABASE_URL;
const schemaName = (what) => `bench_${what}_${randomBytes(4).toString('hex')}`;

async function tokensIn(store) {
  const ids = [];
  for (let i = 0; i < 4; i += 1) ids.push((await store.tokens.create({ key: generateTokenKey(), name: `bench-${i}` })).id);
  return ids;
}

function event(run, i, tokenIds) {
  const usage = { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32, cached_tokens: 0, reasoning_tokens: 0 };
  const price = { prompt_per_million: '1', completion_per_million: '2', cached_prompt_per_million: null, currency: 'USD' };
  return {
    v: 2, request_id: `${run}-${i}`, client_request_id: null, ts: Date.now(), method: 'POST', path: '/v1/chat/completions', request_type: 'chat',
    token_id: tokenIds[i % tokenIds.length], token_name: `bench-${i % tokenIds.length}`, token_hint: 'sk-b...ench', model: 'bench/gpt-4o-mini', upstream_model: 'gpt-4o-mini',
    provider: 'bench', api_key: 'sk-b...ench', status_code: 200, response_time_ms: 12, ttfb_ms: 3, attempts: 1, usage,
    usage_source: 'upstream', price, error_message: null, upstream_status: 200, upstream_error: null,
  };
}

async function countRows(store) {
  const [row] = await store.knex('request_logs').count({ n: '*' });
  return Number(row.n);
}

/** The usage handler fed batches of 500, one after the other. */
async function handlerRate(store) {
  const tokenIds = await tokensIn(store);
  const handler = logWriter.createUsageHandler({ store, bus: new InProcessChangeBus(), logger });
  const run = randomBytes(4).toString('hex');
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i += BATCH) {
    const batch = [];
    for (let k = i; k < Math.min(i + BATCH, EVENTS); k += 1) batch.push(event(run, k, tokenIds));
    await handler.handle(batch);
  }
  const seconds = (performance.now() - t0) / 1000;
  const rows = await countRows(store);
  if (rows !== EVENTS) throw new Error(`expected ${EVENTS} rows, found ${rows}`);
  return { events: EVENTS, seconds, rate: EVENTS / seconds };
}

/** Enqueue with BullMqEventSink while a log-writer consumes; time until every row is present. */
async function queueRate(store) {
  const { Redis } = require('ioredis');
  const redisUrl = process.env.TEST_REDIS_URL;
  const redis = new Redis(redisUrl);
  const prefix = benchPrefix();
  // The deployment's layout under the run's prefix, so dropKeys(prefix) removes the queue and budget keys.
  const ns = redisNamespace(prefix);
  const tokenIds = await tokensIn(store);
  const writer = logWriter.createLogWriter({ store, bus: new InProcessChangeBus(), redisUrl, logger, retentionDays: 0, prefix: ns.queue, budgetPrefix: ns.budget });
  const sink = new BullMqEventSink({ redisUrl, logger, prefix: ns.queue });
  try {
    await writer.worker.waitUntilReady();
    const run = randomBytes(4).toString('hex');
    const t0 = performance.now();
    for (let i = 0; i < QUEUE_EVENTS; i += 1) sink.emit(event(run, i, tokenIds));
    await sink.flush(60_000);
    const enqueued = (performance.now() - t0) / 1000;
    const deadline = Date.now() + 120_000;
    while ((await countRows(store)) < QUEUE_EVENTS) {
      if (Date.now() > deadline) throw new Error('queue not drained within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    return { events: QUEUE_EVENTS, seconds, enqueueSeconds: enqueued, rate: QUEUE_EVENTS / seconds };
  } finally {
    await sink.close();
    await writer.close();
    await dropKeys(redis, prefix);
    redis.disconnect();
  }
}

async function withPg(what, fn) {
  const schema = schemaName(what);
  const store = await createStore({ url: pgUrl, schema, secret: 'bench', timezone: 'UTC', poolMax: 10 });
  try {
    return await fn(store);
  } finally {
    await store.close();
    await dropSchema(pgUrl, schema);
  }
}

async function attempt(fn) {
  try {
    return await fn();
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const out = {};
out.sqlite = await attempt(async () => {
  const store = await createStore({ url: `sqlite://${join(tmp, 'drain.db')}`, timezone: 'UTC' });
  try {
    return await handlerRate(store);
  } finally {
    await store.close();
  }
});
out.pg = pgUrl ? await attempt(() => withPg('drain', handlerRate)) : { skipped: 'TEST_DATABASE_URL not set' };
if (typeof logWriter.createLogWriter !== 'function') out.queue = { skipped: 'apps/log-writer/dist has no createLogWriter' };
else if (!pgUrl || !process.env.TEST_REDIS_URL) out.queue = { skipped: 'TEST_DATABASE_URL and TEST_REDIS_URL not set' };
else out.queue = await attempt(() => withPg('queue', queueRate));
process.stdout.write(`DRAIN ${JSON.stringify(out)}\n`);
process.exit(0);
