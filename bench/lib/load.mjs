// Load: autocannon for throughput, latency and CPU per request; the stream checks are in streams.mjs.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { cpuUs } from './cpu.mjs';

export const CHAT_BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] };

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

/**
 * One autocannon run; latencies of 2xx answers are kept unrounded (autocannon's histogram is whole
 * ms). Its time runs to the last answer: autocannon reports the end of a run of `amount` requests
 * only at its next one-second tick, so the wall time until `done` is whole seconds.
 */
function cannon(opts) {
  const latencies = [];
  const t0 = performance.now();
  let last = t0;
  return new Promise((resolve, reject) => {
    const done = (err, res) => (err ? reject(err) : resolve({ res, latencies, seconds: (last - t0) / 1000 }));
    const inst = autocannon({ ...opts, method: 'POST', timeout: 10 }, done);
    inst.on('response', (_client, status, _bytes, ms) => {
      last = performance.now();
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** req/s over the run's own time, from its start to its last answer. */
function summary({ res, latencies, seconds }) {
  latencies.sort((a, b) => a - b);
  const ok = res['2xx'];
  return {
    rps: ok / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    requests: ok,
    failures: res.non2xx + res.errors + res.timeouts,
  };
}

const options = ({ url, headers, body }, extra) => ({ url, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), ...extra });

/** A discarded run of `durationS` seconds, `connections` wide. */
export async function warmUp(target, { connections, durationS }) {
  if (durationS > 0) await cannon(options(target, { connections, duration: durationS }));
}

/**
 * Exactly `amount` requests `connections` wide; with `pids`, the CPU time each of those processes
 * spent meanwhile, in microseconds per answered request (`cpu`, keyed like `pids`).
 */
export async function fixedAmount(target, { connections, amount, pids = {} }) {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuUs(pid)]));
  const result = summary(await cannon(options(target, { connections, amount })));
  const cpu = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, (cpuUs(pid) - before[k]) / Math.max(1, result.requests)]));
  return { ...result, cpu };
}

/**
 * One connection, one request at a time: the latency a request sees when nothing queues in front
 * of it, so what the gateway adds is its own cost per request. (With 32 saturating connections p50
 * is about 32 / req/s, and autocannon's fixed-rate mode sends its connections in bursts.)
 */
export async function unloaded(target, { durationS }) {
  const { p50, p99, rps } = summary(await cannon(options(target, { connections: 1, duration: durationS })));
  return { p50, p99, rps };
}

/** Warm-up (discarded), then `durationS` seconds `connections` wide (bench/profile.mjs). */
export async function throughput(target, { connections, warmupS, durationS }) {
  await warmUp(target, { connections, durationS: warmupS });
  return summary(await cannon(options(target, { connections, duration: durationS })));
}
