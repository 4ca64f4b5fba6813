import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The package a bare import names (`@scope/name/sub` -> `@scope/name`), or undefined for node's own. */
function packageOf(specifier: string): string | undefined {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  return name.startsWith('node:') || builtinModules.includes(name) ? undefined : name;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

const workspaces = ['libs', 'apps'].flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(group, name)));
// Shipped in the image and run there; test-support is only used by tests.
const shipped = workspaces.filter((w) => w !== join('libs', 'test-support') && existsSync(join(ROOT, w, 'dist')));

/** A production install (`npm ci --omit=dev`, as the runtime image does) must bring every package the built code loads. */
describe('runtime dependencies', () => {
  it.each(shipped)('%s declares every package its built code requires in dependencies', (workspace) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, workspace, 'package.json'), 'utf8')) as Manifest;
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const undeclared: string[] = [];
    for (const file of jsFiles(join(ROOT, workspace, 'dist'))) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:require|import)\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
        const name = packageOf(m[1]!);
        if (name && name !== manifest.name && !declared.has(name)) undeclared.push(`${name} (${relative(ROOT, file)})`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('the production tree holds the runtime packages and none of the dev tools', () => {
    const tree = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const names = new Set(
      tree
        .split('\n')
        .filter(Boolean)
        .map((path) => {
          const parts = relative(ROOT, path).split('node_modules/').at(-1)!.split('/');
          return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
        }),
    );
    for (const runtime of ['express', 'undici', 'ioredis', 'pg', 'better-sqlite3', 'knex', 'bullmq', 'pino']) expect(names).toContain(runtime);
    for (const dev of ['nx', 'jest', 'typescript', '@portkey-ai/gateway', 'eslint', 'supertest', 'autocannon', '@swc/core']) expect(names).not.toContain(dev);
  });
});
