// Where the one-connection tail comes from: node bench/tail.mjs [--server standalone|floor|lean]
// [--rounds N] [--seconds S] [--skip-usage]. Starts the fake upstream and one server with
// bench/lib/tail-probe.mjs preloaded, warms it at 32 connections, then per round calls the fake
// upstream directly and the server, one request at a time, for S seconds each. For the server it
// prints p50/p99 (added over direct), its main thread's CPU per request and run-queue wait
// (/proc/PID/task/*/schedstat), and what each slow request (over direct p99 + 1 ms) overlapped: a
// usage batch (standalone), a GC pause, another event-loop stall, or none of those (the process
// was waiting for a core, or the time went elsewhere). --skip-usage makes the usage handler a no-op.
// The probe's 1 ms timer costs the server a little CPU of its own; measure on a quiet machine.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { startStandalone, MODEL } from './lib/gateway.mjs';
import { CHAT_BODY, median, quantile } from './lib/load.mjs';
import { sleep, startNode } from './lib/procs.mjs';

const argv = process.argv.slice(2);
const opt = (name, d) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : d);
const serverKind = opt('--server', 'standalone');
const rounds = Number(opt('--rounds', 3));
const seconds = Number(opt('--seconds', 5));
const skipUsage = argv.includes('--skip-usage');
const here = new URL('.', import.meta.url).pathname;
const SCRIPTS = { floor: 'express-floor.mjs', lean: 'lean-passthrough.mjs' };
if (serverKind !== 'standalone' && !SCRIPTS[serverKind]) throw new Error(`--server: standalone, floor or lean (got ${serverKind})`);

const tmp = mkdtempSync(join(tmpdir(), 'aigw-tail-'));
const probeFile = join(tmp, 'probe.json');
const probe = ['--import', join(here, 'lib', 'tail-probe.mjs')];
process.env.TAIL_PROBE_FILE = probeFile;
if (skipUsage) process.env.TAIL_PROBE_SKIP_USAGE = '1';

const fake = await startNode('fake upstream', join(here, 'lib', 'fake-upstream.mjs'), [], { ready: /listening (\d+)/ });
const fakeOrigin = `http://127.0.0.1:${fake.match[1]}`;
const server =
  serverKind === 'standalone'
    ? await startStandalone(tmp, Number(fake.match[1]), probe)
    : await (async () => {
        const proc = await startNode(serverKind, join(here, 'lib', SCRIPTS[serverKind]), [fakeOrigin], { ready: /listening (\d+)/, nodeArgs: probe });
        return { proc, url: `http://127.0.0.1:${proc.match[1]}/v1/chat/completions`, key: 'sk-x' };
      })();

const call = (url, key, model) => ({
  url: new URL(url),
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify({ ...CHAT_BODY, model }),
});
const direct = call(`${fakeOrigin}/v1/chat/completions`, 'sk-x', 'gpt-4o-mini');
const target = call(server.url, server.key, serverKind === 'standalone' ? MODEL : 'gpt-4o-mini');

/** `connections` loops of one request at a time for `s` seconds; [epoch start ms, latency ms] of each 200. */
async function drive({ url, headers, body }, s, connections = 1) {
  const pool = new Pool(url.origin, { connections });
  const out = [];
  const end = performance.now() + s * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await pool.request({ path: url.pathname, method: 'POST', headers, body });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${url.pathname} answered ${res.statusCode}`);
      out.push([performance.timeOrigin + t0, performance.now() - t0]);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  await pool.close();
  return out;
}

/** CPU and run-queue wait (ms) of a process's main thread and of its other threads. */
function schedOf(pid) {
  const r = { main: [0, 0], others: [0, 0] };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    } catch {
      continue; // the thread ended meanwhile
    }
    const into = Number(tid) === pid ? r.main : r.others;
    into[0] += stat[0] / 1e6;
    into[1] += stat[1] / 1e6;
  }
  return r;
}

const overlaps = (spans, s, l) => spans.some(([t, d]) => t < s + l && t + d > s);
const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

await drive(target, 3, 32);
const rows = [];
for (let i = 0; i < rounds; i++) {
  const d = (await drive(direct, Math.min(3, seconds))).map((x) => x[1]).sort((a, b) => a - b);
  const s0 = schedOf(server.proc.pid);
  const g = await drive(target, seconds);
  const s1 = schedOf(server.proc.pid);
  rows.push({ d, g, cpu: s1.main[0] - s0.main[0], wait: s1.main[1] - s0.main[1], others: s1.others[0] - s0.others[0] });
}
process.kill(server.proc.pid, 'SIGUSR2');
await sleep(500);
const seen = JSON.parse(readFileSync(probeFile, 'utf8'));

console.log(`server: ${serverKind}${skipUsage ? ' (usage handler a no-op)' : ''}; ${rounds} rounds of ${seconds} s, one connection\n`);
console.log('| round | requests | p50 ms | p99 ms | added p50 | added p99 | main CPU us/req | run-queue wait ms | slow | batch | GC | other stall | none |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
rows.forEach(({ d, g, cpu, wait }, i) => {
  const lat = g.map((x) => x[1]).sort((a, b) => a - b);
  const [dp50, dp99, p50, p99] = [quantile(d, 0.5), quantile(d, 0.99), quantile(lat, 0.5), quantile(lat, 0.99)];
  const slow = g.filter(([, l]) => l > dp99 + 1);
  const n = { batch: 0, gc: 0, stall: 0, none: 0 };
  for (const [s, l] of slow) {
    if (overlaps(seen.batches, s, l)) n.batch++;
    else if (overlaps(seen.gc, s, l)) n.gc++;
    else if (overlaps(seen.stalls, s, l)) n.stall++;
    else n.none++;
  }
  const cells = [i + 1, g.length, f(p50), f(p99), `+${f(p50 - dp50)}`, `+${f(p99 - dp99)}`, f((cpu * 1000) / g.length, 0), f(wait, 0), slow.length, n.batch, n.gc, n.stall, n.none];
  console.log(`| ${cells.join(' | ')} |`);
});
const t0 = rows[0].g[0][0];
const t1 = rows.at(-1).g.at(-1)[0];
const within = (spans) => spans.filter(([t]) => t >= t0 && t <= t1);
const perS = (spans) => f(within(spans).length / ((t1 - t0) / 1000), 1);
const ms = (spans) => f(median(within(spans).map((x) => x[1])));
const scav = seen.gc.filter((e) => e[2] === 'scavenge');
console.log(`\nper second of the one-connection runs: usage batches ${perS(seen.batches)} (median ${ms(seen.batches)} ms, ${f(median(within(seen.batches).map((x) => x[2])), 0)} rows), scavenges ${perS(scav)} (median ${ms(scav)} ms), event-loop stalls over 1.6 ms ${perS(seen.stalls)} (median ${ms(seen.stalls)} ms)`);
console.log('slow: over direct p99 + 1 ms; each is counted once, under the first of batch, GC, other stall that it overlapped.');

await server.proc.stop();
await fake.stop();
rmSync(tmp, { recursive: true, force: true });
