// CPU profile of the gateway under the bench's load: node bench/profile.mjs [seconds] [--distributed]
// [--endpoint chat|messages|responses]. Starts the fake upstream and the built standalone gateway (or,
// with --distributed, admin-api, proxy and log-writer on TEST_DATABASE_URL and TEST_REDIS_URL) with
// --cpu-prof, drives 32 connections of non-stream requests to the endpoint (default chat, with the
// body bench/lib/scenarios.mjs measures it with), stops the gateway (which writes the profile) and prints where the time went:
// the heaviest functions by self time and the heaviest packages / source files.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { benchRedisUrl, distributedAvailable, startDistributed, startStandalone, stopDistributed, MODEL } from './lib/gateway.mjs';
import { throughput } from './lib/load.mjs';
import { startNode } from './lib/procs.mjs';
import { ENDPOINTS } from './lib/scenarios.mjs';

const argv = process.argv.slice(2);
const distributed = argv.includes('--distributed');
const endpointAt = argv.indexOf('--endpoint');
const endpointName = endpointAt >= 0 ? argv.splice(endpointAt, 2)[1] : 'chat';
const endpoint = ENDPOINTS[endpointName];
if (!endpoint) throw new Error(`--endpoint: one of ${Object.keys(ENDPOINTS).join(', ')} (got ${endpointName})`);
const seconds = Number(argv.find((a) => !a.startsWith('--')) ?? 10);
const here = new URL('.', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'aigw-profile-'));
const profDir = join(tmp, 'prof');

const fake = await startNode('fake upstream', join(here, 'lib', 'fake-upstream.mjs'), [], { ready: /listening (\d+)/ });
const profArgs = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
let gw;
let redis;
const state = {};
if (distributed) {
  const missing = distributedAvailable();
  if (missing) throw new Error(`--distributed: ${missing}`);
  redis = new Redis(benchRedisUrl());
  const d = await startDistributed(tmp, Number(fake.match[1]), redis, state, profArgs);
  gw = { ...d, proc: d.proxy };
} else {
  gw = await startStandalone(tmp, Number(fake.match[1]), profArgs);
}
const url = gw.url.replace(/\/v1\/chat\/completions$/, endpoint.path);
const target = { url, headers: { authorization: `Bearer ${gw.key}` }, body: endpoint.body(MODEL) };
const result = await throughput(target, { connections: 32, warmupS: 2, durationS: seconds });
console.log(`${distributed ? 'proxy' : 'standalone'} ${endpoint.path}: ${Math.round(result.rps)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, failures ${result.failures}`);
if (distributed) {
  await stopDistributed(state, redis);
  await redis.quit();
} else {
  await gw.proc.stop();
}
await fake.stop();

const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
const self = new Map();
const byFile = new Map();
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
let total = 0;
for (const node of profile.nodes) {
  const us = dt.get(node.id) ?? 0;
  total += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(process.cwd() + '/', '');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
  const pkg = where.startsWith('node:') || where === '' ? where || `(${functionName})` : where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/');
  const group = where.startsWith('apps/') || where.startsWith('libs/') ? where : pkg;
  byFile.set(group, (byFile.get(group) ?? 0) + us);
}
const top = (map, n) =>
  [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`\nself time by function (total ${(total / 1e6).toFixed(1)} s)\n${top(self, 40)}`);
console.log(`\nself time by package or source file\n${top(byFile, 30)}`);
if (!process.env.KEEP_PROFILE) rmSync(tmp, { recursive: true, force: true });
else console.log(`\nprofile: ${join(profDir, file)}`);
