import { CUSTOM_INPUT_ARG } from './tools';
import { customInputOf } from './output-items';

/** What the chat model streams as `{"input": "..."}` read back as the raw custom tool input, delta by delta. */
export interface CustomInputDecoder {
  /** More argument text; returns the input text it completes (maybe ''). */
  push(args: string): string;
  /** The arguments ended: the input text not yet returned (all of it when the arguments were not the expected shape). */
  end(): string;
  /** The whole input. */
  readonly input: string;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEAD = new RegExp(`^\\s*\\{\\s*"${CUSTOM_INPUT_ARG}"\\s*:\\s*"`);
// A prefix of HEAD that may still become HEAD with more text.
const HEAD_PREFIXES = ['', '{', `{"`, ...Array.from(CUSTOM_INPUT_ARG, (_, i) => `{"${CUSTOM_INPUT_ARG.slice(0, i + 1)}`), `{"${CUSTOM_INPUT_ARG}"`, `{"${CUSTOM_INPUT_ARG}":`];

/**
 * Decodes the `input` string of the arguments as it streams: JSON escapes (a `\uXXXX` split across
 * chunks, surrogate pairs) are decoded once complete. When the arguments do not start as
 * `{"input": "` the decoder waits for the end and takes what `customInputOf` reads.
 */
export function createCustomInputDecoder(): CustomInputDecoder {
  let raw = '';
  let state: 'head' | 'string' | 'closed' | 'other' = 'head';
  let pending = ''; // an escape sequence not complete yet
  let highSurrogate = '';
  let emitted = '';

  const decode = (chunk: string): string => {
    let out = '';
    // A high surrogate waits for its low half, which may come in the next escape or chunk.
    const unit = (text: string): void => {
      const code = text.length === 1 ? text.charCodeAt(0) : 0;
      out += highSurrogate;
      highSurrogate = '';
      if (code >= 0xd800 && code <= 0xdbff) highSurrogate = text;
      else out += text;
    };
    for (const ch of chunk) {
      if (state !== 'string') break;
      if (pending !== '') {
        pending += ch;
        const kind = pending.charAt(1);
        if (kind !== 'u') unit(ESCAPES[kind] ?? kind);
        else if (pending.length === 6) unit(String.fromCharCode(parseInt(pending.slice(2), 16)));
        else continue;
        pending = '';
      } else if (ch === '\\') pending = ch;
      else if (ch === '"') {
        unit('');
        state = 'closed';
      } else unit(ch);
    }
    return out;
  };

  const take = (text: string): string => {
    emitted += text;
    return text;
  };

  return {
    push(args) {
      raw += args;
      if (state === 'head') {
        const match = HEAD.exec(raw);
        if (match) {
          state = 'string';
          return take(decode(raw.slice(match[0].length)));
        }
        if (!HEAD_PREFIXES.includes(raw.replace(/\s+/g, ''))) state = 'other';
        return '';
      }
      return state === 'string' ? take(decode(args)) : '';
    },
    end() {
      const whole = customInputOf(raw);
      if (whole.startsWith(emitted)) return take(whole.slice(emitted.length));
      // Only when the streamed text was not one JSON string after all: the rest cannot be told apart.
      return '';
    },
    get input() {
      const whole = customInputOf(raw);
      return whole.startsWith(emitted) ? whole : emitted;
    },
  };
}
