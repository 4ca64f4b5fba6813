import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '@aigw/config';
import type { DatabaseTarget } from './connection';

export const SECRET_FILE = 'secret.key';

/**
 * The secret that encrypts upstream keys: the configured one; else, on SQLite, a random secret
 * generated once into `<folder of the database file>/secret.key` (mode 0600) and reused on later
 * starts (an in-memory database gets a random one per process). PostgreSQL requires it configured,
 * so every instance decrypts the same way.
 */
export function resolveSecret(secret: string | undefined, target: DatabaseTarget): string {
  if (secret !== undefined && secret.length > 0) return secret;
  if (target.dialect === 'pg') {
    throw new ConfigError(
      'security.secret is required when database.url is PostgreSQL (set it in the config file or AIGW_SECURITY_SECRET), ' +
        'so every instance encrypts and decrypts upstream keys the same way',
    );
  }
  if (target.filename === ':memory:') return randomBytes(32).toString('hex');
  return readOrCreateSecretFile(join(dirname(target.filename), SECRET_FILE));
}

function readSecretFile(path: string): string {
  const text = readFileSync(path, 'utf8').trim();
  if (text.length === 0) throw new ConfigError(`${path} is empty: delete it to generate a new secret, or restore it`);
  return text;
}

function readOrCreateSecretFile(path: string): string {
  try {
    return readSecretFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx' fails when the file appeared since the read: then the other writer's secret wins.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    // The umask may have taken bits off the open mode; the file is exactly owner read/write.
    chmodSync(path, 0o600);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readSecretFile(path);
    throw err;
  }
}
