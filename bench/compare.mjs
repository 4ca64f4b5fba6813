// Side-by-side CPU per request of builds of this repo: node bench/compare.mjs [--rounds N]
// [--requests N] [--distributed] [--endpoint chat|messages|responses[,...]] [ROOT ...]. Each ROOT
// is a built checkout (default: this one); its own bench/lib/gateway.mjs starts its standalone
// gateway (or, with --distributed, its proxy). The undici and lean pass-throughs run beside them
// (chat always: they speak nothing else); each gateway has a row per endpoint of `--endpoint`
// (default chat; several, comma-separated, compare endpoints in one run), called with the body
// bench/lib/scenarios.mjs measures that endpoint with. Rows are interleaved (A B C ... A B C ...)
// and each row reports the median CPU us/req of its rounds. One change at a time: build it in a
// worktree and compare it with main here, on the same machine at the same time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { CHAT_BODY, fixedAmount, median, warmUp } from './lib/load.mjs';
import { startNode } from './lib/procs.mjs';
import { ENDPOINTS } from './lib/scenarios.mjs';

const argv = process.argv.slice(2);
const opt = (name, d) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv.splice(i, 2)[1]) : d;
};
const rounds = opt('--rounds', 5);
const requests = opt('--requests', 20_000);
const distributed = argv.includes('--distributed');
const endpointAt = argv.indexOf('--endpoint');
const endpointNames = (endpointAt >= 0 ? argv.splice(endpointAt, 2)[1] : 'chat').split(',');
for (const name of endpointNames) {
  if (!ENDPOINTS[name]) throw new Error(`--endpoint: one or more of ${Object.keys(ENDPOINTS).join(', ')} (got ${name})`);
}
const roots = argv.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
if (!roots.length) roots.push(new URL('..', import.meta.url).pathname);
const here = new URL('.', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'aigw-compare-'));
const stops = [];

const fake = await startNode('fake upstream', join(here, 'lib', 'fake-upstream.mjs'), [], { ready: /listening (\d+)/ });
stops.push(fake.stop);
const fakePort = Number(fake.match[1]);
const rows = [];
for (const [name, file] of [['undici pass-through', 'passthrough.mjs'], ['lean pass-through', 'lean-passthrough.mjs']]) {
  const proc = await startNode(name, join(here, 'lib', file), [`http://127.0.0.1:${fakePort}`], { ready: /listening (\d+)/ });
  stops.push(proc.stop);
  rows.push({ name, proc, url: `http://127.0.0.1:${proc.match[1]}/v1/chat/completions`, headers: {}, body: CHAT_BODY });
}
const redis = distributed ? new Redis(process.env.TEST_REDIS_URL) : null;
for (const [i, root] of roots.entries()) {
  const gw = await import(join(root, 'bench', 'lib', 'gateway.mjs'));
  const dir = mkdtempSync(join(tmp, `gw${i}-`));
  let proc;
  let url;
  let key;
  if (distributed) {
    const state = {};
    stops.push(() => gw.stopDistributed(state, redis));
    ({ proxy: proc, url, key } = await gw.startDistributed(dir, fakePort, redis, state));
  } else {
    ({ proc, url, key } = await gw.startStandalone(dir, fakePort));
    stops.push(proc.stop);
  }
  for (const endpointName of endpointNames) {
    // Every root's gateway serves its chat route at `url`; the endpoint's path is beside it.
    const endpoint = ENDPOINTS[endpointName];
    const endpointUrl = url.replace(/\/v1\/chat\/completions$/, endpoint.path);
    const name = `${distributed ? 'proxy' : 'standalone'}${endpointName === 'chat' ? '' : ` ${endpoint.path}`} ${root}`;
    rows.push({ name, proc, url: endpointUrl, headers: { authorization: `Bearer ${key}` }, body: endpoint.body(gw.MODEL), expect: endpoint.expect });
  }
}

/** One request first: a row answering something other than its endpoint's answer would measure the wrong path. */
async function expectAnswer(row) {
  const res = await fetch(row.url, { method: 'POST', headers: { 'content-type': 'application/json', ...row.headers }, body: JSON.stringify(row.body) });
  const text = await res.text();
  if (!res.ok || !row.expect.test(text)) throw new Error(`${row.name}: answered ${res.status} ${text.slice(0, 300)}`);
}

try {
  for (const row of rows) {
    if (row.expect) await expectAnswer(row);
    await warmUp(row, { connections: 32, durationS: 3 });
  }
  for (let r = 1; r <= rounds; r += 1) {
    for (const row of rows) {
      const run = await fixedAmount(row, { connections: 32, amount: requests, pids: { server: row.proc.pid } });
      if (run.failures) throw new Error(`${row.name}: ${run.failures} failed requests`);
      (row.cpu ??= []).push(run.cpu.server);
      (row.rps ??= []).push(run.rps);
    }
    process.stderr.write(`round ${r} of ${rounds}\n`);
  }
  const base = median(rows[0].cpu);
  console.log('| row | CPU us/req (median) | runs | x undici pass-through | req/s |');
  console.log('|---|---:|---|---:|---:|');
  for (const row of rows) {
    const m = median(row.cpu);
    console.log(`| ${row.name} | ${Math.round(m)} | ${row.cpu.map(Math.round).join(' ')} | ${(m / base).toFixed(2)}x | ${Math.round(median(row.rps))} |`);
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await redis?.quit();
  rmSync(tmp, { recursive: true, force: true });
}
