// Child processes of the bench: start, wait for a line on stdout, read RSS, stop.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set();

/** Kills whatever the bench started and did not stop (on crash or Ctrl-C). */
function killAll() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

/** Only the AIGW_* variables given here reach the child, so a developer's own settings do not leak in. */
function childEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AIGW_')));
  return { ...env, ...extra };
}

/**
 * Starts `node <script> ...args`. `ready` is matched against all stdout so far; the promise
 * resolves with { child, match } or rejects (with the stderr tail) on exit or timeout.
 */
export function startNode(name, script, args = [], { env = {}, cwd, ready, timeoutMs = 30_000, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const handle = {
    name,
    child,
    pid: child.pid,
    stderr: () => err,
    stop: () => stopChild(child),
    rssMb: () => rssMb(child.pid),
  };
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      stopChild(child);
      reject(new Error(`${name}: ${why}${err ? `; stderr: ${err.trim().slice(-600)}` : ''}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
    child.stdout.on('data', (d) => {
      if (out === null) return;
      out += d;
      const m = ready ? ready.exec(out) : [out];
      if (!m) return;
      out = null;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => children.delete(child));
      resolve({ ...handle, match: m });
    });
  });
}

/** SIGTERM, then SIGKILL after graceMs. */
export function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** VmRSS of a process in MB, from /proc. */
export function rssMb(pid) {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
