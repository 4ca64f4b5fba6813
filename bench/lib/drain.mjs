// Log-writer drain rates, run as its own process by run.mjs (node drain.mjs [--smoke] <tmp dir>):
// the usage handler into SQLite and PostgreSQL, and BullMQ end to end with one and with two real
// log-writer processes (apps/log-writer/dist/main.js): the queue is paused, filled by
// BullMqEventSink (the proxies' producer, here in this process), the writers are started and ready,
// then the queue is resumed and timed until every row is in PostgreSQL. Prints one line "DRAIN <json>".
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuByName, cpuSpentByName, cpuUs } from './cpu.mjs';
import { dropSchema } from './pg.mjs';
import { startNode } from './procs.mjs';
import { benchPrefix, dropKeys } from './redis-keys.mjs';

const require = createRequire(import.meta.url);
const ROOT = new URL('../..', import.meta.url).pathname;
const lib = (p) => require(join(ROOT, p, 'dist'));
const { createStore, generateTokenKey } = lib('libs/store');
const { InProcessChangeBus, BullMqEventSink, redisNamespace, USAGE_QUEUE } = lib('libs/events');
const { createLogger } = lib('libs/telemetry');
const logWriter = lib('apps/log-writer');

const smoke = process.argv.includes('--smoke');
const tmp = process.argv.at(-1);
const EVENTS = smoke ? 1000 : Number(process.env.BENCH_DRAIN_EVENTS ?? 50_000);
const QUEUE_EVENTS = smoke ? 500 : Number(process.env.BENCH_QUEUE_EVENTS ?? 20_000);
const WRITER_MAIN = join(ROOT, 'apps', 'log-writer', 'dist', 'main.js');
const BATCH = 500;
const CORES = availableParallelism();
/** The local services whose processes the queue drain also keeps busy (their CPU is noted per event). */
const SERVICES = ['postgres', 'redis-server'];
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

/** The waiting jobs come from the producer sink while the queue is paused (no writer runs yet). */
async function fillPaused(queue, prefix, tokenIds) {
  await queue.pause();
  const sink = new BullMqEventSink({ redisUrl: process.env.TEST_REDIS_URL, logger, prefix, eventsPerJob: Number(process.env.BENCH_EVENTS_PER_JOB ?? 50) });
  const run = randomBytes(4).toString('hex');
  try {
    await new Promise((r) => setTimeout(r, 200)); // its connection becomes ready
    for (let i = 0; i < QUEUE_EVENTS; i += 1) sink.emit(event(run, i, tokenIds));
    await sink.flush(60_000);
  } finally {
    await sink.close();
  }
  // A usage-batch job holds several events (queue.events_per_job), a usage job one.
  const jobs = await queue.getJobs(['paused', 'wait']);
  const waiting = jobs.reduce((n, job) => n + (Array.isArray(job.data?.events) ? job.data.events.length : 1), 0);
  if (waiting !== QUEUE_EVENTS) throw new Error(`expected ${QUEUE_EVENTS} waiting events, found ${waiting} in ${jobs.length} jobs`);
}

function startWriters(n, schema, prefix) {
  const env = {
    AIGW_SERVER_HOST: '127.0.0.1',
    AIGW_SERVER_LOG_WRITER_PORT: '0',
    AIGW_LOGGING_LEVEL: 'warn',
    AIGW_DATABASE_URL: pgUrl,
    AIGW_DATABASE_SCHEMA: schema,
    AIGW_QUEUE_REDIS_URL: process.env.TEST_REDIS_URL,
    AIGW_QUEUE_PREFIX: prefix,
    AIGW_SECURITY_SECRET: 'bench',
  };
  return Promise.all(Array.from({ length: n }, (_, i) => startNode(`log-writer ${i + 1}`, WRITER_MAIN, [], { env, ready: /log-writer started/ })));
}

/** `writers` log-writer processes drain a queue filled beforehand; timed from resume to the last row. */
async function queueRate(store, schema, writers) {
  const { Redis } = require('ioredis');
  const { Queue } = require('bullmq');
  const redis = new Redis(process.env.TEST_REDIS_URL);
  const prefix = benchPrefix();
  // The deployment's layout under the run's prefix, so dropKeys(prefix) removes the queue and budget keys.
  const ns = redisNamespace(prefix);
  const queue = new Queue(USAGE_QUEUE, { connection: { url: process.env.TEST_REDIS_URL }, prefix: ns.queue });
  const procs = [];
  try {
    await fillPaused(queue, ns.queue, await tokensIn(store));
    procs.push(...(await startWriters(writers, schema, prefix)));
    const cpu0 = procs.map((p) => cpuUs(p.pid));
    const services0 = cpuByName(SERVICES);
    const t0 = performance.now();
    await queue.resume();
    const deadline = Date.now() + 120_000;
    while ((await countRows(store)) < QUEUE_EVENTS) {
      if (Date.now() > deadline) throw new Error('queue not drained within 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuPerEvent = procs.reduce((sum, p, i) => sum + cpuUs(p.pid) - cpu0[i], 0) / QUEUE_EVENTS;
    const services = cpuSpentByName(services0, cpuByName(SERVICES));
    const pgCpuPerEvent = (services.postgres ?? 0) / QUEUE_EVENTS;
    const redisCpuPerEvent = (services['redis-server'] ?? 0) / QUEUE_EVENTS;
    // No faster than every core busy with this drain's writers, PostgreSQL and Redis and nothing else.
    const ceiling = (CORES * 1e6) / (cpuPerEvent + pgCpuPerEvent + redisCpuPerEvent);
    return { events: QUEUE_EVENTS, writers, seconds, rate: QUEUE_EVENTS / seconds, cpuPerEvent, pgCpuPerEvent, redisCpuPerEvent, ceiling };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await queue.close();
    await dropKeys(redis, prefix);
    redis.disconnect();
  }
}

async function withPg(what, fn) {
  const schema = schemaName(what);
  const store = await createStore({ url: pgUrl, schema, secret: 'bench', timezone: 'UTC', poolMax: 10 });
  try {
    return await fn(store, schema);
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
const queueSkip = !existsSync(WRITER_MAIN) ? 'apps/log-writer/dist/main.js not built' : !pgUrl || !process.env.TEST_REDIS_URL ? 'TEST_DATABASE_URL and TEST_REDIS_URL not set' : null;
for (const [part, writers] of [['queue', 1], ['queue2', 2]]) {
  out[part] = queueSkip ? { skipped: queueSkip } : await attempt(() => withPg(part, (store, schema) => queueRate(store, schema, writers)));
}
process.stdout.write(`DRAIN ${JSON.stringify(out)}\n`);
process.exit(0);
