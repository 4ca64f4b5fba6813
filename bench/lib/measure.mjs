// The measuring phases over the rows of scenarios.mjs: per row (sanity, warm-up, one connection,
// streams), then the CPU rounds (all rows interleaved), then many concurrent streams; and the memory check.
import { mkdirSync } from 'node:fs';
import { fixedAmount, median, unloaded, warmUp } from './load.mjs';
import { manyStreams, streamChecks } from './streams.mjs';
import { MODEL, startStandalone } from './gateway.mjs';
import { sleep } from './procs.mjs';

const message = (err) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 400);

/** One request that must answer 200 with the row's kind of answer before any load is sent. */
async function sanity({ url, headers, body, expect }) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200 || !expect.test(text)) throw new Error(`sanity request answered ${res.status}: ${text.slice(0, 300)}`);
}

/** Sanity and warm-up; for chat rows the one-connection latency and the stream checks. Fills the row. */
export async function measureRow(row, s) {
  await sanity(row);
  await warmUp(row, { connections: s.connections, durationS: s.warmupS });
  if (!row.chat) return;
  row.unloaded = await unloaded(row, { durationS: s.unloadedS });
  try {
    row.stream = await streamChecks(row, s);
  } catch (err) {
    if (!row.streamOptional) throw err;
    const why = /^.*(TypeError|Error)[^\n]*/m.exec(row.proc?.stderr() ?? '')?.[0]?.trim();
    row.streamError = `${err.message}${why ? ` (its log: ${why.slice(0, 160)})` : ''}`;
  }
}

const spread = (xs) => (xs.length > 1 ? ((Math.max(...xs) - Math.min(...xs)) / median(xs)) * 100 : NaN);

/**
 * `s.cpuRounds` rounds over every row (A B C ... A B C ...), each run exactly `s.cpuRequests`
 * non-stream requests `s.connections` wide with the CPU time of the row's process read around it.
 * A row's req/s, p50, p99 and CPU are the medians of its runs; `cpuSpread` is (max - min) / median.
 */
export async function cpuRounds(rows, s, log) {
  for (let round = 1; round <= s.cpuRounds; round += 1) {
    log(`CPU round ${round} of ${s.cpuRounds}`);
    for (const row of rows) {
      if (row.error) continue;
      const pids = { server: row.proc.pid, ...Object.fromEntries(Object.entries(row.side ?? {}).map(([k, p]) => [k, p.pid])) };
      try {
        (row.runs ??= []).push(await fixedAmount(row, { connections: s.connections, amount: s.cpuRequests, pids }));
      } catch (err) {
        row.error = `CPU round ${round}: ${message(err)}`;
      }
    }
  }
  for (const row of rows) {
    if (row.error || !row.runs) continue;
    const runs = row.runs;
    const cpus = runs.map((r) => r.cpu.server);
    Object.assign(row, {
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      cpu: median(cpus),
      cpuSpread: spread(cpus),
      sideCpu: Object.fromEntries(Object.keys(row.side ?? {}).map((k) => [k, median(runs.map((r) => r.cpu[k]))])),
      failures: runs.reduce((n, r) => n + r.failures, 0),
      rss: row.proc.rssMb(),
    });
  }
}

/** The many-streams scenario on the rows marked `many`. */
export async function manyStreamsRounds(rows, s, log) {
  for (const row of rows.filter((r) => r.many && !r.error)) {
    log(`${s.manyStreams} concurrent streams: ${row.name}`);
    try {
      row.manyStreams = await manyStreams(row, { streams: s.manyStreams, chunks: s.manyChunks, intervalMs: s.intervalMs });
    } catch (err) {
      row.manyStreams = { error: message(err) };
    }
  }
}

/** RSS of a fresh standalone gateway after each of `s.memoryMarks` requests in total. */
export async function memoryCheck(ctx) {
  const dir = `${ctx.tmp}/mem`;
  mkdirSync(dir, { recursive: true });
  const { proc, url, key } = await startStandalone(dir, ctx.fakePort);
  try {
    const target = { url, headers: { authorization: `Bearer ${key}` }, body: { model: MODEL, messages: [{ role: 'user', content: 'Say hello.' }] } };
    const marks = [];
    let sent = 0;
    let failures = 0;
    for (const amount of ctx.settings.memoryMarks) {
      const r = await fixedAmount(target, { connections: ctx.settings.connections, amount: amount - sent });
      sent = amount;
      failures += r.failures;
      await sleep(1000);
      marks.push({ requests: amount, rss: proc.rssMb() });
    }
    const [a, b] = marks;
    return { marks, failures, growth: ((b.rss - a.rss) / a.rss) * 100 };
  } finally {
    await proc.stop();
  }
}
