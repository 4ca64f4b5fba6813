// The scenarios of the main table, each against the same fake upstream.
import { mkdirSync } from 'node:fs';
import { fixedAmount, streamChecks, throughput, unloaded } from './load.mjs';
import { distributedAvailable, MODEL, startDistributed, startStandalone, stopDistributed } from './gateway.mjs';
import { portkeyAvailable, startPortkey } from './portkey.mjs';
import { sleep, startNode } from './procs.mjs';

const PASSTHROUGH = new URL('./passthrough.mjs', import.meta.url).pathname;
const EXPRESS_PASSTHROUGH = new URL('./express-passthrough.mjs', import.meta.url).pathname;
const bearer = (key) => ({ authorization: `Bearer ${key}` });

export const SCENARIOS = [
  {
    name: 'direct (fake upstream)',
    start: async (ctx) => ({ url: `${ctx.fakeOrigin}/v1/chat/completions`, headers: bearer('sk-x'), model: 'gpt-4o-mini', stop: async () => {} }),
  },
  {
    name: 'undici pass-through',
    start: async (ctx) => {
      const proc = await startNode('pass-through', PASSTHROUGH, [ctx.fakeOrigin], { ready: /listening (\d+)/ });
      return { proc, url: `http://127.0.0.1:${proc.match[1]}/v1/chat/completions`, headers: bearer('sk-x'), model: 'gpt-4o-mini', stop: proc.stop };
    },
  },
  {
    // Not a target: shows what Express 5 itself costs, since the gateway's data plane is Express 5.
    name: 'Express 5 pass-through (json in, undici out)',
    start: async (ctx) => {
      const proc = await startNode('express pass-through', EXPRESS_PASSTHROUGH, [ctx.fakeOrigin], { ready: /listening (\d+)/ });
      return { proc, url: `http://127.0.0.1:${proc.match[1]}/v1/chat/completions`, headers: bearer('sk-x'), model: 'gpt-4o-mini', stop: proc.stop };
    },
  },
  {
    name: 'aigw standalone (SQLite)',
    start: async (ctx) => {
      const { proc, url, key } = await startStandalone(ctx.tmp, ctx.fakePort);
      return { proc, url, headers: bearer(key), model: MODEL, stop: proc.stop };
    },
  },
  {
    name: 'aigw distributed (BullMQ, PostgreSQL)',
    available: (ctx) => distributedAvailable() ?? ctx.redisProblem,
    start: async (ctx) => {
      const state = {};
      const stop = () => stopDistributed(state, ctx.redis);
      try {
        const { proxy, url, key } = await startDistributed(ctx.tmp, ctx.fakePort, ctx.redis, state);
        return { proc: proxy, url, headers: bearer(key), model: MODEL, stop };
      } catch (err) {
        await stop().catch(() => {});
        throw err;
      }
    },
  },
  {
    name: '@portkey-ai/gateway',
    available: () => portkeyAvailable(),
    // A peer whose streams fail is reported, not counted as a crash of the bench.
    streamOptional: true,
    start: async (ctx) => {
      const { proc, url, headers } = await startPortkey(ctx.tmp, ctx.fakePort);
      return { proc, url, headers, model: 'gpt-4o-mini', stop: proc.stop };
    },
  },
];

/** One request that must answer 200 with a chat.completion before any load is sent. */
async function sanity({ url, headers, model }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"choices"')) throw new Error(`sanity request answered ${res.status}: ${text.slice(0, 300)}`);
}

/** Throughput, latency and RSS of the process under test, then the stream checks. */
async function measure(def, target, s) {
  await sanity(target);
  const load = await throughput({ ...target, connections: s.connections, warmupS: s.warmupS, durationS: s.durationS });
  const rss = target.proc ? target.proc.rssMb() : null;
  load.unloaded = await unloaded({ ...target, durationS: s.unloadedS });
  const checks = streamChecks({ ...target, ttfbN: s.ttfbN, spacingN: s.spacingN, chunks: s.chunks, intervalMs: s.intervalMs });
  if (!def.streamOptional) return { name: def.name, ...load, rss, stream: await checks };
  return checks.then(
    (stream) => ({ name: def.name, ...load, rss, stream }),
    (err) => {
      const why = /^.*(TypeError|Error)[^\n]*/m.exec(target.proc?.stderr() ?? '')?.[0]?.trim();
      return { name: def.name, ...load, rss, streamError: `${err.message}${why ? ` (its log: ${why.slice(0, 160)})` : ''}` };
    },
  );
}

/** One row of the table; `stderr` is the first line the process under test wrote there, if any. */
export async function runScenario(def, ctx) {
  const skipped = def.available?.(ctx);
  if (skipped) return { name: def.name, skipped };
  const target = await def.start(ctx);
  try {
    const row = await measure(def, target, ctx.settings);
    const first = target.proc?.stderr().trim().split('\n')[0];
    if (first && !row.streamError) row.stderr = first.slice(0, 240);
    return row;
  } finally {
    await target.stop();
  }
}

/** RSS of a fresh standalone gateway after `first` and after `first + second` requests. */
export async function memoryCheck(ctx) {
  const dir = `${ctx.tmp}/mem`;
  mkdirSync(dir, { recursive: true });
  const { proc, url, key } = await startStandalone(dir, ctx.fakePort);
  try {
    const opts = { url, headers: bearer(key), model: MODEL, connections: ctx.settings.connections };
    const marks = [];
    let sent = 0;
    let failures = 0;
    for (const amount of ctx.settings.memoryMarks) {
      const r = await fixedAmount({ ...opts, amount: amount - sent });
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
