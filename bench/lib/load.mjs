// Load: autocannon for throughput and latency, sequential undici requests for stream TTFB and spacing.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

export const CHAT_BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] };

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

/** One autocannon run; latencies of 2xx answers are kept unrounded (autocannon's histogram is whole ms). */
function cannon(opts) {
  const latencies = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon({ ...opts, method: 'POST', timeout: 10 }, (err, res) => (err ? reject(err) : resolve({ res, latencies })));
    inst.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

function summary({ res, latencies }) {
  latencies.sort((a, b) => a - b);
  const ok = res['2xx'];
  return {
    rps: ok / res.duration,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    requests: ok,
    failures: res.non2xx + res.errors + res.timeouts,
  };
}

/** Warm-up run (discarded), then the measured run, both `connections` wide. */
export async function throughput({ url, headers, model, connections, warmupS, durationS }) {
  const opts = { url, connections, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...CHAT_BODY, model }) };
  if (warmupS > 0) await cannon({ ...opts, duration: warmupS });
  return summary(await cannon({ ...opts, duration: durationS }));
}

/**
 * One connection, one request at a time: the latency a request sees when nothing queues in front
 * of it, so what the gateway adds is its own cost per request. (With 32 saturating connections p50
 * is about 32 / req/s, and autocannon's fixed-rate mode sends its connections in bursts.)
 */
export async function unloaded({ url, headers, model, durationS }) {
  const opts = { url, connections: 1, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...CHAT_BODY, model }) };
  const { p50, p99, rps } = summary(await cannon({ ...opts, duration: durationS }));
  return { p50, p99, rps };
}

/** Exactly `amount` requests (the memory check). */
export async function fixedAmount({ url, headers, model, connections, amount }) {
  const opts = { url, connections, amount, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...CHAT_BODY, model }) };
  return summary(await cannon(opts));
}

/** One stream request; arrival time (ms from start) of each SSE `data:` event. */
async function streamOnce(dispatcher, url, headers, body) {
  const t0 = performance.now();
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, dispatcher });
  if (res.statusCode !== 200) throw new Error(`stream answered ${res.statusCode}: ${(await res.body.text()).slice(0, 300)}`);
  const events = [];
  let pending = '';
  for await (const d of res.body) {
    const now = performance.now() - t0;
    pending += d.toString('utf8');
    const parts = pending.split('\n\n');
    pending = parts.pop();
    for (const p of parts) if (p.startsWith('data:')) events.push({ t: now, data: p.slice(5).trim() });
  }
  return events;
}

/**
 * Stream checks against one endpoint: TTFB (median over `ttfbN` sequential one-chunk streams, time to
 * the first SSE event) and spacing (over `spacingN` full streams, gaps between content chunks).
 */
export async function streamChecks({ url, headers, model, ttfbN, spacingN, chunks, intervalMs }) {
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  try {
    const one = JSON.stringify({ ...CHAT_BODY, model, stream: true, max_tokens: 1 });
    const ttfbs = [];
    for (let i = 0; i < ttfbN + 10; i += 1) {
      const ev = await streamOnce(dispatcher, url, headers, one);
      if (ev.length === 0) throw new Error('stream returned no SSE event');
      if (i >= 10) ttfbs.push(ev[0].t);
    }
    const full = JSON.stringify({ ...CHAT_BODY, model, stream: true });
    const gaps = [];
    let seen = 0;
    for (let i = 0; i < spacingN; i += 1) {
      const content = (await streamOnce(dispatcher, url, headers, full)).filter((e) => e.data.includes('"content"'));
      seen = content.length;
      for (let k = 1; k < content.length; k += 1) gaps.push(content[k].t - content[k - 1].t);
    }
    const gap = median(gaps);
    return { ttfb: median(ttfbs), chunks: seen, expected: chunks, gap, spaced: seen === chunks && gap >= 0.5 * intervalMs };
  } finally {
    await dispatcher.close();
  }
}
