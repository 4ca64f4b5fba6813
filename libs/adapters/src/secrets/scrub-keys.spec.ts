import { createStreamScrubber, scrubBytes } from './stream-scrubber';
import { scrubKeys, type KnownKey } from './scrub-keys';

const KEY: KnownKey = { key: 'sk-live-0123456789abcdef', key_hint: 'sk-l...cdef' };
const LONGER: KnownKey = { key: 'sk-live-0123456789abcdef-extra', key_hint: 'sk-l...xtra' };

describe('scrubKeys', () => {
  it('replaces every occurrence of every key by its hint', () => {
    expect(scrubKeys(`invalid key ${KEY.key}; again ${KEY.key}`, [KEY])).toBe('invalid key sk-l...cdef; again sk-l...cdef');
  });

  it('replaces a key that contains another whole, and a percent-encoded key in a URL', () => {
    expect(scrubKeys(`a ${LONGER.key} b ${KEY.key}`, [KEY, LONGER])).toBe('a sk-l...xtra b sk-l...cdef');
    const slashy: KnownKey = { key: 'ab/cd+ef==gh', key_hint: 'ab...gh' };
    expect(scrubKeys('GET https://x/v1?key=ab%2Fcd%2Bef%3D%3Dgh failed', [slashy])).toBe('GET https://x/v1?key=ab...gh failed');
  });

  it('scrubs a key object whose text changed by its new text', () => {
    const key = { key: 'sk-old-0123456789', key_hint: 'sk-o...6789' };
    expect(scrubKeys('uses sk-old-0123456789', [key])).toBe('uses sk-o...6789');
    key.key = 'sk-new/0123456789';
    key.key_hint = 'sk-n...6789';
    expect(scrubKeys('uses sk-old-0123456789 and sk-new%2F0123456789', [key])).toBe('uses sk-old-0123456789 and sk-n...6789');
  });

  it('leaves text without keys as it is and ignores empty keys', () => {
    expect(scrubKeys('nothing here', [KEY, { key: '', key_hint: '***' }])).toBe('nothing here');
  });
});

describe('createStreamScrubber', () => {
  const decode = (parts: (Buffer | string)[]) => Buffer.concat(parts.map((p) => Buffer.from(p))).toString('utf8');

  it('scrubs a key cut across chunks, holding only the cut part back', () => {
    const s = createStreamScrubber([KEY]);
    const first = s.push(Buffer.from(`data: {"m":"key ${KEY.key.slice(0, 7)}`));
    expect(Buffer.from(first).toString()).toBe('data: {"m":"key ');
    const rest = s.push(Buffer.from(`${KEY.key.slice(7)}"}\n\n`));
    expect(decode([first, rest, s.end()])).toBe('data: {"m":"key sk-l...cdef"}\n\n');
  });

  it('passes whole events at once and unchanged (same buffer) when they hold no key', () => {
    const s = createStreamScrubber([KEY]);
    const chunk = Buffer.from('data: {"content":"sk-"}\n\n');
    expect(s.push(chunk)).toBe(chunk);
    expect(s.end()).toHaveLength(0);
  });

  it('keeps multibyte text cut mid-character byte for byte', () => {
    const text = Buffer.from(`你好 ${KEY.key} 世界`);
    const s = createStreamScrubber([KEY]);
    const parts = [s.push(text.subarray(0, 2)), s.push(text.subarray(2, 20)), s.push(text.subarray(20)), s.end()];
    expect(decode(parts)).toBe('你好 sk-l...cdef 世界');
  });

  it('gives back a held tail that turned out not to be a key', () => {
    const s = createStreamScrubber([KEY]);
    const parts = [s.push('ends with sk-li'), s.end()];
    expect(decode(parts)).toBe('ends with sk-li');
  });

  it('scrubBytes gives back a body without keys as it is, a tail that starts a key included', () => {
    const clean = Buffer.from('{"a":"b"}');
    expect(scrubBytes(clean, [KEY])).toBe(clean);
    const tail = Buffer.from(`x${KEY.key.slice(0, 5)}`);
    expect(Buffer.from(scrubBytes(tail, [KEY])).equals(tail)).toBe(true);
    expect(Buffer.from(scrubBytes(Buffer.from(`${KEY.key}x${KEY.key.slice(0, 5)}`), [KEY])).toString()).toBe(`sk-l...cdefx${KEY.key.slice(0, 5)}`);
    expect(scrubBytes(clean, [{ key: '', key_hint: '' }])).toBe(clean);
  });

  it('scrubBytes scrubs a whole body', () => {
    expect(Buffer.from(scrubBytes(Buffer.from(`x${KEY.key}`), [KEY])).toString()).toBe('xsk-l...cdef');
    expect(scrubBytes(`x${KEY.key}`, [KEY])).toBe('xsk-l...cdef');
  });
});
