// CPU time of a process from /proc/PID/stat (utime + stime, every thread of it: main, libuv pool,
// GC helpers), far steadier on a shared machine than req/s.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks;

/** Clock ticks per second (`getconf CLK_TCK`), the unit of utime and stime; 100 if getconf fails. */
export function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** utime + stime of the process in microseconds. */
export function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) ": field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks();
}

/**
 * utime + stime in microseconds of every process of this machine named one of `names` (its
 * /proc/PID/comm: `postgres` for PostgreSQL's backends, `redis-server`), by pid.
 */
export function cpuByName(names) {
  const out = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(name)) out.set(Number(entry), { name, us: cpuUs(entry) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU us per name between two cpuByName snapshots (a process born meanwhile counts whole). */
export function cpuSpentByName(before, after) {
  const spent = {};
  for (const [pid, { name, us }] of after) spent[name] = (spent[name] ?? 0) + us - (before.get(pid)?.us ?? 0);
  return spent;
}
