import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The lines of one top-level service of docker-compose.yml (two-space indented key). */
function serviceBlock(compose: string, name: string): string[] {
  const lines = compose.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) throw new Error(`no service ${name} in docker-compose.yml`);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The items of a `key:` list inside a service block. */
function listItems(block: string[], key: string): string[] {
  const start = block.findIndex((line) => line.trim() === `${key}:`);
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of block.slice(start + 1)) {
    const m = /^\s+- (.*)$/.exec(line);
    if (!m) break;
    items.push(m[1]!.replace(/^"|"$/g, ''));
  }
  return items;
}

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

/** Dockerfile stages in order: `FROM x AS name` and the instructions under it (continuations joined). */
function stages(dockerfile: string): Stage[] {
  const joined = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const out: Stage[] = [];
  for (const line of joined) {
    const m = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (m) out.push({ from: m[1]!, name: m[2] ?? `stage${out.length}`, lines: [] });
    else out.at(-1)?.lines.push(line.trim());
  }
  return out;
}

describe('docker-compose.yml', () => {
  const compose = read('docker-compose.yml');

  it('refuses to start without AIGW_SECRET: no built-in fallback secret', () => {
    expect(compose).toMatch(/AIGW_SECURITY_SECRET: \$\{AIGW_SECRET:\?[^}]+\}/);
    expect(compose).not.toMatch(/\$\{AIGW_SECRET:?-/);
  });

  it('publishes the admin port on 127.0.0.1 only by default', () => {
    const ports = listItems(serviceBlock(compose, 'admin-api'), 'ports');
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^(127\.0\.0\.1|\$\{[A-Z_]+:-127\.0\.0\.1\}):/);
  });
});

describe('docker/Dockerfile', () => {
  const all = stages(read('docker/Dockerfile'));
  const runtime = all.at(-1)!;

  it('builds with dev dependencies in a build stage', () => {
    const build = all.find((s) => s.lines.some((l) => /npm ci(?!.*--omit=dev)/.test(l)) && s.lines.some((l) => /npm run build|nx run-many -t build/.test(l)));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
  });

  it('ships only what a production install brings: the runtime copies from a stage that installed with --omit=dev', () => {
    expect(runtime.lines.some((l) => /npm (ci|install)/.test(l))).toBe(false);
    const copies = runtime.lines.map((l) => /^COPY\s+--from=(\S+)/.exec(l)?.[1]).filter((s): s is string => !!s);
    expect(copies.length).toBeGreaterThan(0);
    for (const name of copies) {
      const source = all.find((s) => s.name === name)!;
      expect(source.lines.some((l) => /npm (ci|prune) .*--omit=dev/.test(l))).toBe(true);
    }
  });
});
