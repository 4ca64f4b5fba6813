// Issue 14's targets, each reported as met or not met from the rows of one run (never the exit code).
import { byKey, f, int, signed } from './tables.mjs';

const verdict = (ok, text) => `- ${ok === null ? 'n/a' : ok ? 'met' : 'NOT met'}: ${text}`;
const known = (x) => typeof x === 'number' && Number.isFinite(x);
const check = (value, ok, text) => verdict(known(value) ? ok(value) : null, text);

function cpuTargets(rows) {
  const [pass, lean, gw, dist] = ['pass', 'lean', 'standalone', 'distributed'].map((k) => byKey(rows, k));
  const out = [];
  const x = (r, base) => (r?.cpu && base?.cpu ? r.cpu / base.cpu : NaN);
  const vsLean = (r) => `; ${f(x(r, lean), 2)}x the lean pass-through (${f(lean?.cpu, 0)} us)`;
  const g = x(gw, pass);
  out.push(check(g, (v) => v <= 1.5, `CPU per request, standalone with a budgeted token <= 1.5x the undici pass-through: ${f(g, 2)}x (${f(gw?.cpu, 0)} vs ${f(pass?.cpu, 0)} us)${vsLean(gw)}`));
  const d = x(dist, pass);
  out.push(check(d, (v) => v <= 1.8, `CPU per request, distributed proxy process <= 1.8x the undici pass-through: ${f(d, 2)}x (${f(dist?.cpu, 0)} vs ${f(pass?.cpu, 0)} us)${vsLean(dist)}`));
  const share = gw?.rps && pass?.rps ? (gw.rps / pass.rps) * 100 : NaN;
  out.push(check(share, (v) => v >= 60, `throughput at 32 connections, standalone >= 60% of the undici pass-through: ${f(share, 0)}% (${int(gw?.rps)} vs ${int(pass?.rps)} req/s)`));
  for (const key of ['messages', 'responses']) {
    const r = byKey(rows, key);
    const rel = r?.cpu && gw?.cpu ? r.cpu / gw.cpu : NaN;
    out.push(check(rel, (v) => v <= 1.1, `endpoint parity, ${r?.name ?? key}: CPU per request within 10% of the chat row: ${f(rel, 2)}x (${f(r?.cpu, 0)} vs ${f(gw?.cpu, 0)} us)`));
  }
  return out;
}

function latencyTargets(rows) {
  const [direct, gw] = [byKey(rows, 'direct'), byKey(rows, 'standalone')];
  const [g, d] = [gw?.unloaded, direct?.unloaded];
  const p50 = g && d ? g.p50 - d.p50 : NaN;
  const p99 = g && d ? g.p99 - d.p99 : NaN;
  const ttfb = gw?.stream && direct?.stream ? gw.stream.ttfb - direct.stream.ttfb : NaN;
  return [
    check(p50, (v) => v < 0.3, `one connection, standalone added p50 < 0.3 ms: ${signed(p50)} ms (${f(g?.p50, 2)} vs ${f(d?.p50, 2)})`),
    check(p99, (v) => v < 1, `one connection, standalone added p99 < 1 ms: ${signed(p99)} ms (${f(g?.p99, 2)} vs ${f(d?.p99, 2)})`),
    check(ttfb, (v) => v < 1, `stream TTFB, standalone adds < 1 ms: ${signed(ttfb)} ms (${f(gw?.stream?.ttfb, 2)} vs ${f(direct?.stream?.ttfb, 2)})`),
  ];
}

function streamTargets(rows, s) {
  const m = byKey(rows, 'standalone')?.manyStreams;
  const ok = m && !m.error ? m.complete === m.streams && m.gapP50 >= s.intervalMs / 2 && m.gapMax <= 10 * s.intervalMs : null;
  const text = m && !m.error ? `${m.complete} of ${m.streams} complete, median gap ${f(m.gapP50, 1)} ms, max gap ${f(m.gapMax, 1)} ms, TTFB max ${f(m.ttfbMax, 1)} ms` : (m?.error ?? 'not measured');
  // Direct is the baseline: when its own gaps collapse, the client or the machine is the limit, not the gateway.
  const d = byKey(rows, 'direct')?.manyStreams;
  const base = d && !d.error ? `; direct: median gap ${f(d.gapP50, 1)} ms, max gap ${f(d.gapMax, 1)} ms` : '';
  return [verdict(ok, `${s.manyStreams} concurrent streams of ${s.manyChunks} chunks through the standalone gateway: all complete, spacing kept, no stall (gap <= ${10 * s.intervalMs} ms): ${text}${base}`)];
}

/** The most two writers could reach on this machine's cores at their measured CPU per event, as a multiple of one. */
function ceilingNote(drain) {
  const { queue: one, queue2: two } = drain ?? {};
  if (!one?.rate || !two?.ceiling) return '';
  return `; with the CPU per event of the two writers, PostgreSQL and Redis, this machine's cores allow at most ${f(two.ceiling / one.rate, 2)}x`;
}

function otherTargets(mem, drain) {
  const last = mem?.marks?.at(-1);
  const one = drain?.queue?.rate;
  const two = drain?.queue2?.rate;
  const scale = one && two ? two / one : NaN;
  return [
    check(last?.rss, (v) => v < 150, `RSS < 150 MB after ${int(last?.requests)} requests (default flags): ${f(last?.rss, 0)} MB`),
    check(mem?.marks ? mem.growth : NaN, (v) => v < 10, `RSS growth < 10% between ${mem?.marks?.map((m) => int(m.requests)).join(' and ') ?? 'the marks'}: ${f(mem?.growth, 1)}%`),
    check(one, (v) => v >= 5000, `log-writer, BullMQ end to end, one process >= 5,000 events/s: ${int(one)}`),
    check(scale, (v) => v >= 1.8, `log-writer, two processes >= 1.8x one: ${f(scale, 2)}x (${int(two)} vs ${int(one)} events/s)${ceilingNote(drain)}`),
  ];
}

export function targets(rows, mem, drain, s) {
  return [...cpuTargets(rows), ...latencyTargets(rows), ...streamTargets(rows, s), ...otherTargets(mem, drain)];
}
