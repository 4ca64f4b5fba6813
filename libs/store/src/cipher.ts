import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts upstream keys at rest with AES-256-GCM. Stored form: `v1:` + base64(iv | tag | ciphertext),
 * a fresh random IV per value; the version prefix leaves room for a later scheme.
 */
export class KeyCipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`KeyCipher needs a 32-byte key, got ${key.length} bytes`);
    this.key = Buffer.from(key);
  }

  /** The cipher for a configured secret: the AES key is sha256(secret). */
  static fromSecret(secret: string): KeyCipher {
    if (secret.length === 0) throw new Error('KeyCipher.fromSecret needs a non-empty secret');
    return new KeyCipher(createHash('sha256').update(secret, 'utf8').digest());
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Throws when the text was not made with this key (wrong secret) or was altered. */
  decrypt(stored: string): string {
    const prefix = `${VERSION}:`;
    if (!stored.startsWith(prefix)) throw new Error('unknown key ciphertext format');
    const raw = Buffer.from(stored.slice(prefix.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('key ciphertext is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const body = raw.subarray(IV_BYTES + TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
