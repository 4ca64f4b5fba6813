import { PassThrough, Readable } from 'node:stream';
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

  it('reads a byte stream through its events as its iterator would: whole, cut at the limit, its error, a close before the end', async () => {
    const whole = new PassThrough();
    const reading = readLimited(whole, 10);
    whole.write('ab');
    whole.end('cd');
    expect(await reading).toEqual({ bytes: Buffer.from('abcd'), over: false });

    const long = new PassThrough();
    const cut = readLimited(long, 3);
    long.write('ab');
    long.write('cd');
    expect(await cut).toEqual({ bytes: Buffer.from('abc'), over: true });
    expect(long.destroyed).toBe(true);

    const failing = new PassThrough();
    const failed = readLimited(failing, 10);
    failing.write('ab');
    failing.destroy(new Error('socket hang up'));
    await expect(failed).rejects.toThrow('socket hang up');

    const closed = new PassThrough();
    const early = readLimited(closed, 10);
    closed.write('ab');
    closed.destroy();
    await expect(early).rejects.toMatchObject({ message: 'Premature close', code: 'ERR_STREAM_PREMATURE_CLOSE' });

    const gone = new PassThrough();
    gone.destroy();
    await expect(readLimited(gone, 10)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('gives a body that came in one chunk back as that very Buffer, and joins several', async () => {
    const chunk = Buffer.from('{"ok":true}');
    const one = new PassThrough();
    const reading = readLimited(one, 100);
    one.end(chunk);
    expect((await reading).bytes).toBe(chunk);
    expect((await readLimited(Readable.from([chunk]), 100)).bytes).toBe(chunk);

    const two = new PassThrough();
    const joining = readLimited(two, 100);
    two.write(chunk);
    two.end(chunk);
    const joined = (await joining).bytes;
    expect(joined).not.toBe(chunk);
    expect(joined.toString()).toBe('{"ok":true}{"ok":true}');
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
