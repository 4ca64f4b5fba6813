/** What the load*.spec.ts files share: temporary config files and catching a ConfigError. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/load';

const dirs: string[] = [];

/** A fresh temporary folder, removed after the test file (by removeTempDirs). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-config-'));
  dirs.push(dir);
  return dir;
}

/** Removes every folder tempDir made; for afterAll. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` to `<fresh dir>/<name>` and returns the path. */
export function writeConfig(text: string, name = 'custom.toml'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** Runs fn and returns the ConfigError it throws (fails the test when it throws nothing else). */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}
