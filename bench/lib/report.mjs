// The Markdown report: the tables (tables.mjs) and the targets (targets.mjs).
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { clockTicks } from './cpu.mjs';
import { targets } from './targets.mjs';
import { drainLines, f, int, latencyTable, mainTable, manyStreamsTable, streamTable } from './tables.mjs';

function cpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** The whole report as Markdown. */
export function renderReport({ rows, mem, drain, settings: s, notes }) {
  const side = rows.filter((r) => r.sideCpu && Object.keys(r.sideCpu).length > 0);
  const lines = [
    '# aigw benchmark',
    '',
    `${new Date().toISOString()} | CPU: ${cpuModel()} | cores: ${cpus().length} | Node ${process.version} | load average at the end: ${loadAverage()}`,
    `${s.connections} connections; ${s.warmupS} s warm-up per row; then ${s.cpuRounds} rounds over all rows (A B C ... A B C ...), each run exactly ${int(s.cpuRequests)} non-stream requests.` +
      (s.smoke ? ' SMOKE RUN: numbers are not meaningful.' : ''),
    `req/s (2xx answers from a run's start to its last answer), p50, p99 and CPU are the medians of a row's ${s.cpuRounds} runs. CPU us/req is the utime + stime of the row's server process (/proc/PID/stat, ${clockTicks()} ticks/s) around a run, per answered request;` +
      ' CPU spread is (max - min) / median of its runs, the noise of that figure on this machine. The converted rows are the standalone process again, on another endpoint.',
    '',
    ...mainTable(rows),
    '',
    ...(side.length > 0 ? [...side.flatMap((r) => Object.entries(r.sideCpu).map(([k, us]) => `- ${r.name}: the ${k} process spent ${f(us, 0)} us per request meanwhile (not in the row).`)), ''] : []),
    '## Latency of one connection',
    '',
    `One connection, one request at a time for ${s.unloadedS} s: what each hop adds when nothing queues in front of a request.`,
    `With ${s.connections} saturating connections (the table above) p50 is about ${s.connections} / req/s, so there it mostly mirrors throughput.`,
    '',
    ...latencyTable(rows),
    '',
    '## Streams',
    '',
    ...streamTable(rows, s),
    '',
    `### ${s.manyStreams} concurrent streams of ${s.manyChunks} chunks`,
    '',
    ...manyStreamsTable(rows, s),
    '',
    '## Memory (fresh standalone gateway, default node flags)',
    '',
    mem?.marks ? mem.marks.map((m) => `- RSS after ${int(m.requests)} requests: ${f(m.rss, 0)} MB`).join('\n') + `\n- growth: ${f(mem.growth, 1)}%` : `- ${mem?.error ? `failed: ${mem.error}` : 'not measured'}`,
    '',
    '## Log-writer drain',
    '',
    ...drainLines(drain),
    '',
    '## Targets (issue 14)',
    '',
    ...targets(rows, mem, drain, s),
  ];
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}
