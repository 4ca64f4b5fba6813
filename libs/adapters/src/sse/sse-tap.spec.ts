import { createSseTap, parseSseBody, type SseEvent } from './sse-tap';
import { formatSseData, formatSseEvent } from './format-sse';

function feedBytewise(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const tap = createSseTap((e) => events.push(e));
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) tap.feed(bytes.subarray(i, i + 1));
  tap.flush();
  return events;
}

describe('createSseTap', () => {
  it('finds every event when fed one byte at a time, multi-byte characters included', () => {
    const text = formatSseData({ content: '你好, caf\u00e9' }) + formatSseEvent('ping', { n: 1 }) + 'data: [DONE]\n\n';
    const events = feedBytewise(text);
    expect(events).toEqual([
      { event: undefined, data: '{"content":"你好, café"}' },
      { event: 'ping', data: '{"n":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('reads CRLF line endings and a leading byte order mark', () => {
    const text = '\uFEFFdata: a\r\n\r\ndata: b\r\ndata: c\r\n\r\n';
    expect(feedBytewise(text).map((e) => e.data)).toEqual(['a', 'b\nc']);
  });

  it('ignores comments and dispatches a last event that lacks its blank line on flush', () => {
    const events = parseSseBody(': keep-alive\n\ndata: {"a":1}\n\ndata: {"b":2}');
    expect(events.map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('formatSseData', () => {
  it('writes one data event terminated by a blank line', () => {
    expect(formatSseData({ a: 'x' })).toBe('data: {"a":"x"}\n\n');
  });
});
