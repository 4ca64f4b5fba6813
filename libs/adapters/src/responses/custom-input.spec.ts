import { createCustomInputDecoder } from './custom-input';

function decode(pieces: string[]): { deltas: string[]; input: string } {
  const decoder = createCustomInputDecoder();
  const deltas = pieces.map((p) => decoder.push(p));
  deltas.push(decoder.end());
  return { deltas: deltas.filter((d) => d !== ''), input: decoder.input };
}

describe('createCustomInputDecoder', () => {
  it('decodes the input string as it streams, escapes split anywhere, surrogate pairs kept whole', () => {
    const value = 'line1\nq"uote\\ tab\t \u00e9 \ud83d\ude00 end';
    const args = JSON.stringify({ input: value }).replace('\u00e9', '\\u00e9').replace('\ud83d\ude00', '\\ud83d\\ude00');
    for (const size of [1, 2, 3, 7]) {
      const pieces = Array.from({ length: Math.ceil(args.length / size) }, (_, i) => args.slice(i * size, (i + 1) * size));
      const { deltas, input } = decode(pieces);
      expect(deltas.join('')).toBe(value);
      expect(input).toBe(value);
      expect(deltas.some((d) => /[\ud800-\udbff]$/.test(d))).toBe(false);
    }
  });

  it('emits the first text before the arguments are complete', () => {
    const decoder = createCustomInputDecoder();
    expect(decoder.push('{"in')).toBe('');
    expect(decoder.push('put": "*** Begin')).toBe('*** Begin');
    expect(decoder.push(' Patch')).toBe(' Patch');
  });

  it('takes arguments of another shape whole at the end: other keys first, or raw text', () => {
    expect(decode(['{"other":1,', '"input":"x"}'])).toEqual({ deltas: ['x'], input: 'x' });
    expect(decode(['*** Begin Patch', '\n*** End Patch'])).toEqual({ deltas: ['*** Begin Patch\n*** End Patch'], input: '*** Begin Patch\n*** End Patch' });
  });
});
