// Smoke run of the bench so it cannot rot: every scenario for about a second, no thresholds.
// Exits non-zero only when a scenario crashed (run.mjs exit code) or the run hangs. Needs the apps built.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
// About a minute on 2 idle cores; the margin is for a machine busy with other work.
const TIMEOUT_MS = Number(process.env.BENCH_SMOKE_TIMEOUT_MS ?? 300_000);

if (!existsSync(`${root}apps/standalone/dist/main.js`)) {
  process.stderr.write('bench smoke: apps/standalone/dist/main.js missing; build first (npx nx run-many -t build)\n');
  process.exit(1);
}
const child = spawn(process.execPath, ['bench/run.mjs', '--smoke'], { cwd: root, stdio: 'inherit' });
const timer = setTimeout(() => {
  process.stderr.write(`bench smoke: no result after ${TIMEOUT_MS} ms; stopping it\n`);
  child.kill('SIGTERM');
}, TIMEOUT_MS);
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  const ok = code === 0;
  process.stderr.write(`bench smoke: ${ok ? 'passed' : `failed (${signal ?? `exit ${code}`})`}\n`);
  process.exit(ok ? 0 : 1);
});
