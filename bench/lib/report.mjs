// The Markdown report: main table, stream spacing, memory, drain rates, targets.
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

const f = (n, d = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '-');
const int = (n) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');

function cpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function mainTable(rows, base) {
  const out = ['| Scenario | req/s | p50 ms | p99 ms | stream TTFB ms | RSS MB | vs pass-through |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    if (r.skipped || r.error) {
      out.push(`| ${r.name} | ${r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.error}`} | | | | | |`);
      continue;
    }
    const ratio = base?.rps ? `${f((r.rps / base.rps) * 100, 0)}%` : '-';
    out.push(`| ${r.name} | ${int(r.rps)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.stream?.ttfb, 2)} | ${r.rss ? f(r.rss, 0) : '-'} | ${ratio} |`);
  }
  return out;
}

function unloadedTable(rows) {
  const direct = rows.find((r) => r.name.startsWith('direct') && r.unloaded)?.unloaded;
  const out = ['| Scenario | p50 ms | p99 ms | added p50 ms | added p99 ms |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    if (!r.unloaded) continue;
    const add = (k) => (direct ? `+${f(r.unloaded[k] - direct[k], 2)}` : '-');
    out.push(`| ${r.name} | ${f(r.unloaded.p50, 2)} | ${f(r.unloaded.p99, 2)} | ${add('p50')} | ${add('p99')} |`);
  }
  return out;
}

function spacingTable(rows, s) {
  const out = ['| Scenario | content chunks | median gap ms | spaced out |', '|---|---:|---:|---|'];
  for (const r of rows.filter((x) => x.stream || x.streamError)) {
    if (!r.stream) out.push(`| ${r.name} | failed (see notes) | - | - |`);
    else out.push(`| ${r.name} | ${r.stream.chunks} of ${r.stream.expected} | ${f(r.stream.gap, 1)} | ${r.stream.spaced ? 'yes' : 'no'} |`);
  }
  out.push('', `Upstream: ${s.chunks} chunks ${s.intervalMs} ms apart; spaced out means all chunks arrived and the median gap at the client is at least half that.`);
  return out;
}

function rate(x) {
  if (!x) return '-';
  if (x.skipped) return `skipped (${x.skipped})`;
  if (x.error) return `failed (${x.error})`;
  return `${int(x.rate)} events/s (${int(x.events)} events in ${f(x.seconds, 2)} s)`;
}

const verdict = (ok, text) => `- ${ok === null ? 'n/a' : ok ? 'met' : 'NOT met'}: ${text}`;

function targets(rows, mem, drain) {
  const by = (prefix) => rows.find((r) => r.name.startsWith(prefix) && r.rps);
  const [direct, pass, gw] = [by('direct'), by('undici'), by('aigw standalone')];
  const out = [];
  const share = gw && pass ? (gw.rps / pass.rps) * 100 : NaN;
  out.push(verdict(Number.isFinite(share) ? share >= 60 : null, `gateway throughput >= 60% of pass-through: ${f(share, 0)}% (${int(gw?.rps)} vs ${int(pass?.rps)} req/s)`));
  const d50 = gw && direct ? gw.p50 - direct.p50 : NaN;
  const d99 = gw && direct ? gw.p99 - direct.p99 : NaN;
  out.push(verdict(Number.isFinite(d50) ? d50 < 1 : null, `added p50 < 1 ms, saturated: +${f(d50, 2)} ms (${f(gw?.p50, 2)} vs ${f(direct?.p50, 2)})`));
  out.push(verdict(Number.isFinite(d99) ? d99 < 5 : null, `added p99 < 5 ms, saturated: +${f(d99, 2)} ms (${f(gw?.p99, 2)} vs ${f(direct?.p99, 2)})`));
  const [g, d] = [gw?.unloaded, direct?.unloaded];
  const p50 = g && d ? g.p50 - d.p50 : NaN;
  const p99 = g && d ? g.p99 - d.p99 : NaN;
  out.push(verdict(Number.isFinite(p50) ? p50 < 1 : null, `added p50 < 1 ms, one connection: +${f(p50, 2)} ms (${f(g?.p50, 2)} vs ${f(d?.p50, 2)})`));
  out.push(verdict(Number.isFinite(p99) ? p99 < 5 : null, `added p99 < 5 ms, one connection: +${f(p99, 2)} ms (${f(g?.p99, 2)} vs ${f(d?.p99, 2)})`));
  const dt = gw?.stream && direct?.stream ? gw.stream.ttfb - direct.stream.ttfb : NaN;
  out.push(verdict(Number.isFinite(dt) ? dt < 2 : null, `stream TTFB adds < 2 ms: +${f(dt, 2)} ms (${f(gw?.stream?.ttfb, 2)} vs ${f(direct?.stream?.ttfb, 2)})`));
  out.push(verdict(gw?.stream ? gw.stream.spaced : null, `stream chunks forwarded one by one: median gap ${f(gw?.stream?.gap, 1)} ms`));
  const last = mem?.marks?.at(-1);
  out.push(verdict(last ? last.rss < 150 : null, `RSS < 150 MB after ${int(last?.requests)} requests: ${f(last?.rss, 0)} MB`));
  out.push(verdict(mem?.marks ? mem.growth <= 10 : null, `RSS growth <= 10% between ${mem?.marks?.map((m) => int(m.requests)).join(' and ') ?? 'the marks'}: ${f(mem?.growth, 1)}%`));
  out.push(verdict(drain?.pg?.rate ? drain.pg.rate >= 5000 : null, `log-writer >= 5,000 events/s into PostgreSQL: ${int(drain?.pg?.rate)}`));
  out.push(verdict(drain?.sqlite?.rate ? drain.sqlite.rate >= 10000 : null, `log-writer >= 10,000 events/s into SQLite: ${int(drain?.sqlite?.rate)}`));
  return out;
}

/** The whole report as Markdown. */
export function renderReport({ rows, mem, drain, settings: s, notes }) {
  const base = rows.find((r) => r.name.startsWith('undici') && r.rps);
  const lines = [
    '# aigw benchmark',
    '',
    `${new Date().toISOString()} | CPU: ${cpuModel()} | cores: ${cpus().length} | Node ${process.version}`,
    `${s.connections} connections, ${s.warmupS} s warm-up + ${s.durationS} s measured per scenario; stream TTFB median of ${s.ttfbN} sequential one-chunk streams.` +
      (s.smoke ? ' SMOKE RUN: numbers are not meaningful.' : ''),
    '',
    ...mainTable(rows, base),
    '',
    '## Latency of one connection',
    '',
    `One connection, one request at a time for ${s.unloadedS} s: what each hop adds when nothing queues in front of a request.`,
    `With ${s.connections} saturating connections (the table above) p50 is about ${s.connections} / req/s, so there it mostly mirrors throughput.`,
    '',
    ...unloadedTable(rows),
    '',
    '## Stream spacing',
    '',
    ...spacingTable(rows, s),
    '',
    '## Memory (fresh standalone gateway)',
    '',
    mem?.marks ? mem.marks.map((m) => `- RSS after ${int(m.requests)} requests: ${f(m.rss, 0)} MB`).join('\n') + `\n- growth: ${f(mem.growth, 1)}%` : `- ${mem?.error ? `failed: ${mem.error}` : 'not measured'}`,
    '',
    '## Log-writer drain',
    '',
    `- SQLite, usage handler, batches of 500: ${rate(drain?.sqlite)}`,
    `- PostgreSQL, usage handler, batches of 500: ${rate(drain?.pg)}`,
    `- BullMQ end to end (BullMqEventSink -> Redis -> log-writer -> PostgreSQL, one process): ${rate(drain?.queue)}`,
    '',
    '## Targets',
    '',
    ...targets(rows, mem, drain),
  ];
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}
