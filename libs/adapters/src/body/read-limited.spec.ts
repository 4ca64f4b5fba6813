import { Readable } from 'node:stream';
import { declaredLength, formatByteSize, readLimited } from './read-limited';

const body = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('readLimited', () => {
  it('reads a body within the limit whole', async () => {
    expect(await readLimited(body('ab', 'cd'), 4)).toEqual({ bytes: Buffer.from('abcd'), over: false });
  });

  it('stops at the limit and destroys the body, keeping its first limit bytes', async () => {
    const stream = body('ab', 'cd', 'ef', 'gh');
    const read = await readLimited(stream, 5);
    expect(read).toEqual({ bytes: Buffer.from('abcde'), over: true });
    expect(stream.destroyed).toBe(true);
  });

  it('does not read at all when the declared length is over the limit', async () => {
    const stream = body('abcdef');
    expect(await readLimited(stream, 5, 6)).toEqual({ bytes: Buffer.alloc(0), over: true });
    expect(stream.destroyed).toBe(true);
  });

  it('formats limits and reads declared lengths', () => {
    expect(formatByteSize(32 * 1024 * 1024)).toBe('32 MB');
    expect(formatByteSize(64 * 1024)).toBe('64 KB');
    expect(formatByteSize(1500)).toBe('1.5 KB');
    expect(formatByteSize(100)).toBe('100 bytes');
    expect(declaredLength('123')).toBe(123);
    expect(declaredLength('-1')).toBeUndefined();
    expect(declaredLength(undefined)).toBeUndefined();
  });
});
