// The report's tables.
export const f = (n, d = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '-');
export const int = (n) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const byKey = (rows, key) => rows.find((r) => r.key === key && !r.error && !r.skipped);
const ratio = (a, b) => (a && b ? `${f(a / b, 2)}x` : '-');
/** A difference with its sign: +0.12 or -0.05. */
export const signed = (n, d = 2) => (typeof n === 'number' && Number.isFinite(n) ? `${n < 0 ? '-' : '+'}${Math.abs(n).toFixed(d)}` : '-');

export function mainTable(rows) {
  const [pass, lean] = [byKey(rows, 'pass'), byKey(rows, 'lean')];
  const out = [
    '| Scenario | req/s | p50 ms | p99 ms | CPU us/req | x pass-through CPU | x lean CPU | CPU spread | RSS MB | req/s vs pass-through |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.skipped || r.error) {
      out.push(`| ${r.name} | ${r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.error}`} | | | | | | | | |`);
      continue;
    }
    const share = pass?.rps ? `${f((r.rps / pass.rps) * 100, 0)}%` : '-';
    out.push(
      `| ${r.name} | ${int(r.rps)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.cpu, 0)} | ${ratio(r.cpu, pass?.cpu)} | ${ratio(r.cpu, lean?.cpu)} | ${f(r.cpuSpread, 0)}% | ${r.rss ? f(r.rss, 0) : '-'} | ${share} |`,
    );
  }
  return out;
}

export function latencyTable(rows) {
  const direct = byKey(rows, 'direct')?.unloaded;
  const out = ['| Scenario | p50 ms | p99 ms | added p50 ms | added p99 ms |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    if (!r.unloaded) continue;
    const add = (k) => (direct ? signed(r.unloaded[k] - direct[k]) : '-');
    out.push(`| ${r.name} | ${f(r.unloaded.p50, 2)} | ${f(r.unloaded.p99, 2)} | ${add('p50')} | ${add('p99')} |`);
  }
  out.push('', 'Targets for aigw standalone: added p50 < 0.3 ms, added p99 < 1 ms.');
  return out;
}

export function streamTable(rows, s) {
  const direct = byKey(rows, 'direct')?.stream;
  const out = ['| Scenario | TTFB ms | added TTFB ms | content chunks | median gap ms | spaced out |', '|---|---:|---:|---:|---:|---|'];
  for (const r of rows.filter((x) => x.stream || x.streamError)) {
    if (!r.stream) out.push(`| ${r.name} | failed (see notes) | - | - | - | - |`);
    else {
      const added = direct ? signed(r.stream.ttfb - direct.ttfb) : '-';
      out.push(`| ${r.name} | ${f(r.stream.ttfb, 2)} | ${added} | ${r.stream.chunks} of ${r.stream.expected} | ${f(r.stream.gap, 1)} | ${r.stream.spaced ? 'yes' : 'no'} |`);
    }
  }
  out.push(
    '',
    `TTFB: median of ${s.ttfbN} sequential one-chunk streams, to the first SSE event. Spacing: ${s.spacingN} streams of ${s.chunks} chunks ${s.intervalMs} ms apart;` +
      ' spaced out means all chunks arrived and the median gap at the client is at least half that.',
  );
  return out;
}

export function manyStreamsTable(rows, s) {
  const out = ['| Scenario | complete | TTFB p50 ms | TTFB max ms | median gap ms | max gap ms | wall s | spaced out |', '|---|---:|---:|---:|---:|---:|---:|---|'];
  for (const r of rows.filter((x) => x.manyStreams)) {
    const m = r.manyStreams;
    if (m.error) out.push(`| ${r.name} | failed: ${m.error} | | | | | | |`);
    else out.push(`| ${r.name} | ${m.complete} of ${m.streams} | ${f(m.ttfbP50, 1)} | ${f(m.ttfbMax, 1)} | ${f(m.gapP50, 1)} | ${f(m.gapMax, 1)} | ${f(m.seconds, 2)} | ${m.spaced ? 'yes' : 'no'} |`);
  }
  out.push(
    '',
    `All streams start at once; the fake upstream sends ${s.manyChunks} content chunks ${s.intervalMs} ms apart each. Complete: every chunk and [DONE] arrived.` +
      ` Spaced out: all complete and the median gap is at least ${s.intervalMs / 2} ms. A stall is a gap over ${10 * s.intervalMs} ms (max gap).`,
  );
  return out;
}

function rate(x) {
  if (!x) return '-';
  if (x.skipped) return `skipped (${x.skipped})`;
  if (x.error) return `failed (${x.error})`;
  const cpu = x.cpuPerEvent !== undefined ? `, log-writer CPU ${f(x.cpuPerEvent, 0)} us per event` : '';
  const services =
    x.pgCpuPerEvent !== undefined
      ? `; PostgreSQL ${f(x.pgCpuPerEvent, 0)} and Redis ${f(x.redisCpuPerEvent, 0)} us per event meanwhile, so at most ${int(x.ceiling)} events/s on this machine's cores`
      : '';
  return `${int(x.rate)} events/s (${int(x.events)} events in ${f(x.seconds, 2)} s${cpu}${services})`;
}

export function drainLines(drain) {
  return [
    `- SQLite, usage handler, batches of 500: ${rate(drain?.sqlite)}`,
    `- PostgreSQL, usage handler, batches of 500: ${rate(drain?.pg)}`,
    `- BullMQ end to end, ONE log-writer process: ${rate(drain?.queue)}`,
    `- BullMQ end to end, TWO log-writer processes: ${rate(drain?.queue2)}`,
    '',
    'End to end: BullMqEventSink (the proxies\' producer) fills the paused queue, the log-writer processes (apps/log-writer/dist/main.js) start,' +
      ' then the queue is resumed and timed until every row is in PostgreSQL; the producer is not in the writers\' processes or time.' +
      ' PostgreSQL and Redis are the CPU of every process of those names on this machine meanwhile; the ceiling is all cores divided by the writers\', PostgreSQL\'s and Redis\' CPU per event.',
  ];
}
