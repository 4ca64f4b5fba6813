// Stream checks: TTFB and chunk spacing of sequential streams, and many concurrent streams at once.
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { median, quantile } from './load.mjs';

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

const contentGaps = (events) => {
  const content = events.filter((e) => e.data.includes('"content"'));
  const gaps = [];
  for (let k = 1; k < content.length; k += 1) gaps.push(content[k].t - content[k - 1].t);
  return { content: content.length, gaps };
};

/**
 * Stream checks against one endpoint: TTFB (median over `ttfbN` sequential one-chunk streams after
 * `ttfbWarm` discarded ones, time to the first SSE event) and spacing (over `spacingN` full streams, gaps between content chunks).
 */
export async function streamChecks({ url, headers, body }, { ttfbN, ttfbWarm, spacingN, chunks, intervalMs }) {
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  try {
    const one = JSON.stringify({ ...body, stream: true, max_tokens: 1 });
    const ttfbs = [];
    for (let i = 0; i < ttfbN + ttfbWarm; i += 1) {
      const ev = await streamOnce(dispatcher, url, headers, one);
      if (ev.length === 0) throw new Error('stream returned no SSE event');
      if (i >= ttfbWarm) ttfbs.push(ev[0].t);
    }
    const full = JSON.stringify({ ...body, stream: true });
    const gaps = [];
    let seen = 0;
    for (let i = 0; i < spacingN; i += 1) {
      const r = contentGaps(await streamOnce(dispatcher, url, headers, full));
      seen = r.content;
      gaps.push(...r.gaps);
    }
    const gap = median(gaps);
    return { ttfb: median(ttfbs), chunks: seen, expected: chunks, gap, spaced: seen === chunks && gap >= 0.5 * intervalMs };
  } finally {
    await dispatcher.close();
  }
}

/**
 * `streams` streams at the same time, each of `chunks` content chunks (the fake upstream reads
 * `bench_chunks` from the body; the gateway passes unknown fields on). Complete means every content
 * chunk and [DONE] arrived; the gaps are between content chunks within each stream.
 */
export async function manyStreams({ url, headers, body }, { streams, chunks, intervalMs }) {
  const dispatcher = new Agent({ connections: streams + 16, keepAliveTimeout: 30_000 });
  const payload = JSON.stringify({ ...body, stream: true, bench_chunks: chunks });
  const t0 = performance.now();
  try {
    const one = async () => {
      try {
        const events = await streamOnce(dispatcher, url, headers, payload);
        const { content, gaps } = contentGaps(events);
        const done = events.at(-1)?.data === '[DONE]';
        return { ok: done && content === chunks, ttfb: events[0]?.t ?? NaN, gaps };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err), gaps: [] };
      }
    };
    const results = await Promise.all(Array.from({ length: streams }, one));
    const seconds = (performance.now() - t0) / 1000;
    const gaps = results.flatMap((r) => r.gaps).sort((a, b) => a - b);
    const ttfbs = results.map((r) => r.ttfb).filter(Number.isFinite).sort((a, b) => a - b);
    const complete = results.filter((r) => r.ok).length;
    return {
      streams,
      chunks,
      intervalMs,
      complete,
      seconds,
      gapP50: quantile(gaps, 0.5),
      gapMax: gaps.at(-1) ?? NaN,
      ttfbP50: quantile(ttfbs, 0.5),
      ttfbMax: ttfbs.at(-1) ?? NaN,
      firstError: results.find((r) => r.error)?.error,
      spaced: complete === streams && quantile(gaps, 0.5) >= 0.5 * intervalMs,
    };
  } finally {
    await dispatcher.close();
  }
}
