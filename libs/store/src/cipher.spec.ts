import { randomBytes } from 'node:crypto';
import { KeyCipher } from './cipher';

describe('KeyCipher', () => {
  const cipher = KeyCipher.fromSecret('correct horse battery staple');
  const key = 'sk-proj-SECRETSECRETSECRET-0001';

  it('round-trips a key, and the stored text does not contain it', () => {
    const stored = cipher.encrypt(key);
    expect(stored).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('SECRET');
    expect(Buffer.from(stored.slice(3), 'base64').toString('latin1')).not.toContain('SECRET');
    expect(cipher.decrypt(stored)).toBe(key);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt(key)).not.toBe(cipher.encrypt(key));
  });

  it('the same secret decrypts what another instance encrypted', () => {
    expect(KeyCipher.fromSecret('correct horse battery staple').decrypt(cipher.encrypt(key))).toBe(key);
  });

  it('fails under another secret or when the text was altered', () => {
    const stored = cipher.encrypt(key);
    expect(() => KeyCipher.fromSecret('other').decrypt(stored)).toThrow();
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => cipher.decrypt('plain')).toThrow(/format/);
  });

  it('needs a 32-byte key and a non-empty secret', () => {
    expect(() => new KeyCipher(randomBytes(16))).toThrow(/32-byte/);
    expect(() => KeyCipher.fromSecret('')).toThrow();
  });
});
