// npm run bench [-- --smoke]: the aigw benchmark. Everything runs on 127.0.0.1 and is started and
// stopped here. Targets are reported, never enforced: the exit code is non-zero only when a scenario
// crashed. Env: BENCH_CPU_REQUESTS (requests per CPU run, default 20000), BENCH_WARMUP (seconds,
// default 3), TEST_DATABASE_URL, TEST_REDIS_URL (its database index is used; the bench deletes only
// the keys under its own per-run prefix). See bench/README.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { benchRedisUrl } from './lib/gateway.mjs';
import { cpuRounds, manyStreamsRounds, measureRow, memoryCheck } from './lib/measure.mjs';
import { renderReport } from './lib/report.mjs';
import { startServers, stopServers } from './lib/scenarios.mjs';
import { startNode } from './lib/procs.mjs';

const smoke = process.argv.includes('--smoke');
const num = (v, d) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);
const settings = {
  smoke,
  connections: 32,
  warmupS: smoke ? 0.3 : num(process.env.BENCH_WARMUP, 3),
  cpuRequests: smoke ? 100 : num(process.env.BENCH_CPU_REQUESTS, 20_000),
  // Five rounds: on 2 shared cores a single run of a row can be off by half; the median of five holds.
  cpuRounds: smoke ? 3 : num(process.env.BENCH_CPU_ROUNDS, 5),
  ttfbN: smoke ? 10 : 200,
  ttfbWarm: smoke ? 2 : 10,
  spacingN: smoke ? 2 : 5,
  chunks: 10,
  intervalMs: 20,
  manyStreams: smoke ? 20 : 500,
  manyChunks: smoke ? 5 : 50,
  memoryMarks: smoke ? [1000, 2000] : [50_000, 100_000],
  unloadedS: smoke ? 0.5 : 5,
};
const here = new URL('.', import.meta.url).pathname;
const started = Date.now();
const log = (msg) => process.stderr.write(`[bench +${Math.round((Date.now() - started) / 1000)}s] ${msg}\n`);
const message = (err) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 400);

async function connectRedis() {
  if (!process.env.TEST_REDIS_URL) return { problem: 'TEST_REDIS_URL not set' };
  const redis = new Redis(benchRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    return { redis };
  } catch (err) {
    redis.disconnect();
    return { problem: `Redis unreachable: ${message(err)}` };
  }
}

async function drainRates(tmp) {
  const proc = await startNode('drain', join(here, 'lib', 'drain.mjs'), [...(smoke ? ['--smoke'] : []), tmp], {
    env: process.env,
    ready: /^DRAIN (.+)$/m,
    timeoutMs: 300_000,
  });
  await proc.stop();
  return JSON.parse(proc.match[1]);
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'aigw-bench-'));
  const env = { FAKE_CHUNKS: String(settings.chunks), FAKE_INTERVAL_MS: String(settings.intervalMs) };
  const fake = await startNode('fake upstream', join(here, 'lib', 'fake-upstream.mjs'), [], { env, ready: /listening (\d+)/ });
  const fakePort = Number(fake.match[1]);
  const { redis, problem } = await connectRedis();
  const ctx = { tmp, fake, fakePort, fakeOrigin: `http://127.0.0.1:${fakePort}`, settings, redis, redisProblem: problem };
  const notes = [];
  let crashed = 0;
  let servers = [];
  try {
    servers = await startServers(ctx, log);
    const rows = servers.flatMap((s) => s.rows);
    for (const row of rows.filter((r) => !r.skipped && !r.error)) {
      log(`row: ${row.name}`);
      await measureRow(row, settings).catch((err) => (row.error = message(err)));
    }
    await cpuRounds(rows.filter((r) => !r.skipped), settings, log);
    await manyStreamsRounds(rows, settings, log);
    for (const row of rows) {
      const first = row.proc?.stderr().trim().split('\n')[0];
      if (first && !row.streamError && !notes.some((n) => n.includes(first.slice(0, 240)))) notes.push(`${row.name} wrote to stderr, first line: ${first.slice(0, 240)}`);
      if (row.error) crashed += 1;
      if (row.streamError) notes.push(`${row.name}: stream requests failed, so no TTFB or spacing: ${row.streamError}`);
      if (row.failures) notes.push(`${row.name}: ${row.failures} non-2xx answers, errors or timeouts during the CPU runs`);
      if (row.manyStreams?.firstError) notes.push(`${row.name}, concurrent streams: first failure: ${row.manyStreams.firstError.slice(0, 240)}`);
      if (row.manyStreams?.error) crashed += 1;
    }
    await stopServers(servers);
    servers = [];
    log(`memory: ${settings.memoryMarks.join(' and ')} requests`);
    const mem = await memoryCheck(ctx).catch((err) => ({ error: message(err) }));
    if (mem.error) crashed += 1;
    if (mem.failures) notes.push(`memory run: ${mem.failures} non-2xx answers, errors or timeouts`);
    log('log-writer drain');
    const drain = await drainRates(tmp).catch((err) => ({ sqlite: { error: message(err) } }));
    for (const part of Object.values(drain)) if (part.error) crashed += 1;
    const report = renderReport({ rows, mem, drain, settings, notes });
    process.stdout.write(`\n${report}`);
    if (!smoke) {
      mkdirSync(join(here, 'results'), { recursive: true });
      writeFileSync(join(here, 'results', 'latest.md'), report);
      log('written to bench/results/latest.md');
    }
  } finally {
    await stopServers(servers);
    await fake.stop();
    redis?.disconnect();
    rmSync(tmp, { recursive: true, force: true });
  }
  return crashed;
}

main().then(
  (crashed) => {
    if (crashed > 0) log(`${crashed} part(s) crashed`);
    process.exit(crashed > 0 ? 1 : 0);
  },
  (err) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
