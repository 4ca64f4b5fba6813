// Preloaded (node --import) into a server that bench/tail.mjs measures. Records, as epoch ms:
// GC pauses (perf_hooks 'gc' entries), event-loop stalls (a 1 ms timer that fired late by more than
// 0.6 ms) and, in the standalone gateway, each usage batch the in-process sink hands to its handler
// (wall time from the call until its promise settles). TAIL_PROBE_SKIP_USAGE=1 makes that handler a
// no-op (rows are not written), to see the tail without the SQLite write. On SIGUSR2 everything is
// written as JSON to TAIL_PROBE_FILE.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);

const epoch = (t) => performance.timeOrigin + t;
const KINDS = { 1: 'scavenge', 2: 'minor-mark-compact', 4: 'mark-compact', 8: 'incremental', 16: 'weak-callbacks' };
const seen = { gc: [], stalls: [], batches: [] };

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) seen.gc.push([epoch(e.startTime), e.duration, KINDS[e.detail?.kind] ?? String(e.detail?.kind)]);
}).observe({ entryTypes: ['gc'] });

let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 1.6) seen.stalls.push([epoch(last), now - last]);
  last = now;
}, 1).unref();

/** Wraps the standalone gateway's usage handler; a no-op where libs/events is not on disk (the reference servers). */
function probeUsageBatches() {
  let mod;
  try {
    // The gateway's own CommonJS module instance: it loads this file through the same path.
    mod = require(new URL('../../libs/events/dist/in-process-sink.js', import.meta.url).pathname);
  } catch {
    return;
  }
  const Sink = mod.InProcessEventSink;
  const skip = process.env.TAIL_PROBE_SKIP_USAGE === '1';
  mod.InProcessEventSink = class ProbedSink extends Sink {
    constructor(options) {
      const handler = {
        async handle(events) {
          const t = performance.now();
          try {
            if (!skip) await options.handler.handle(events);
          } finally {
            seen.batches.push([epoch(t), performance.now() - t, events.length]);
          }
        },
      };
      super({ ...options, handler });
    }
  };
}
probeUsageBatches();

process.on('SIGUSR2', () => {
  if (process.env.TAIL_PROBE_FILE) writeFileSync(process.env.TAIL_PROBE_FILE, JSON.stringify(seen));
});
