import { buildResponsesPassthrough, createResponsesTap, readResponsesUsage, responseOutputText } from './responses-passthrough';

const usage = { input_tokens: 20, input_tokens_details: { cached_tokens: 8 }, output_tokens: 11, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 31 };

function sse(events: Record<string, unknown>[]): Buffer {
  return Buffer.from(events.map((e, i) => `event: ${String(e.type)}\ndata: ${JSON.stringify({ ...e, sequence_number: i })}\n\n`).join(''));
}

describe('buildResponsesPassthrough', () => {
  it('posts the body untouched except the model to {base_url}/responses with the key', () => {
    const body = { model: 'up/gpt-5', input: [{ role: 'user', content: 'hi' }], store: false, include: ['reasoning.encrypted_content'], stream: true };
    const req = buildResponsesPassthrough(body, 'gpt-5', 'sk-up', 'https://api.openai.com/v1/');
    expect(req.url).toBe('https://api.openai.com/v1/responses');
    expect(req.headers).toEqual({ authorization: 'Bearer sk-up', 'content-type': 'application/json', accept: 'text/event-stream' });
    expect(req.body).toBe(JSON.stringify({ ...body, model: 'gpt-5' }));
    expect(body.model).toBe('up/gpt-5');
  });
});

describe('readResponsesUsage', () => {
  it('reads input (cached included), output, cached and reasoning tokens', () => {
    expect(readResponsesUsage({ object: 'response', usage })).toEqual({ prompt_tokens: 20, completion_tokens: 11, total_tokens: 31, cached_tokens: 8, reasoning_tokens: 5 });
    expect(readResponsesUsage({ object: 'response', usage: null })).toBeNull();
    expect(readResponsesUsage('x')).toBeNull();
  });

  it('gives NaN for a count that is not a number, for the trust checks to refuse', () => {
    expect(readResponsesUsage({ usage: { input_tokens: '5', output_tokens: 1 } })?.prompt_tokens).toBeNaN();
  });
});

describe('responseOutputText', () => {
  it('joins message text, reasoning summaries and function call names and arguments', () => {
    const output = [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'think. ' }] },
      { type: 'message', content: [{ type: 'output_text', text: 'Hi' }] },
      { type: 'function_call', name: 'f', arguments: '{"a":1}' },
    ];
    expect(responseOutputText({ output })).toBe('think. Hif{"a":1}');
  });
});

describe('createResponsesTap', () => {
  const stream = sse([
    { type: 'response.created', response: { id: 'resp_1', model: 'gpt-5-2025', status: 'in_progress', usage: null } },
    { type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: 'Hel' },
    { type: 'response.output_text.delta', item_id: 'm', output_index: 0, content_index: 0, delta: 'lo' },
    { type: 'response.completed', response: { id: 'resp_1', model: 'gpt-5-2025', status: 'completed', usage } },
  ]);

  it.each([1, 7, 100000])('returns the same bytes and reads usage, model, id and text when fed %i bytes at a time', (size) => {
    const tap = createResponsesTap();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) {
      const piece = stream.subarray(i, i + size);
      expect(tap.push(piece)).toBe(piece);
      out.push(piece);
    }
    expect(tap.end()).toBe('');
    expect(Buffer.concat(out).equals(stream)).toBe(true);
    expect(tap.usage()).toEqual({ prompt_tokens: 20, completion_tokens: 11, total_tokens: 31, cached_tokens: 8, reasoning_tokens: 5 });
    expect(tap.responseModel()).toBe('gpt-5-2025');
    expect(tap.responseId()).toBe('resp_1');
    expect(tap.outputText()).toBe('Hello');
  });

  it.each(['response.incomplete', 'response.failed'])('reads usage from %s', (type) => {
    const tap = createResponsesTap();
    tap.push(sse([{ type, response: { id: 'r', model: 'm', usage } }]));
    tap.end();
    expect(tap.usage()?.completion_tokens).toBe(11);
  });

  it('has no usage before a final event', () => {
    const tap = createResponsesTap();
    tap.push(sse([{ type: 'response.created', response: { id: 'r', model: 'm', usage: null } }]));
    expect(tap.usage()).toBeNull();
  });
});
