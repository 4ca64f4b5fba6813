import { GatewayError } from '@aigw/shared-errors';
import { parseResponsesEnvelope, responsesFieldsOf, withResponsesCap } from './responses-envelope';

function refusal(body: unknown): GatewayError {
  try {
    parseResponsesEnvelope(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseResponsesEnvelope', () => {
  it('reads model, stream and max_output_tokens and keeps the body as sent', () => {
    const body = { model: 'p/m', input: [{ role: 'user', content: 'hi' }], stream: true, max_output_tokens: 64, extra: { a: 1 } };
    const request = parseResponsesEnvelope(body);
    expect(request).toEqual({ model: 'p/m', stream: true, completionCap: 64, body });
    expect(request.body).toBe(body);
    expect(parseResponsesEnvelope({ model: 'p/m', input: 'hi', stream: null, max_output_tokens: null })).toMatchObject({ stream: false, completionCap: null });
    expect(parseResponsesEnvelope({ model: 'p/m' })).toMatchObject({ stream: false, completionCap: null });
  });

  it.each([
    [[1], 'body'],
    [{ input: 'hi' }, 'model'],
    [{ model: '', input: 'hi' }, 'model'],
    [{ model: 'a\u0007b', input: 'hi' }, 'model'],
    [{ model: 'x'.repeat(256), input: 'hi' }, 'model'],
    [{ model: 'p/m', input: { role: 'user' } }, 'input'],
    [{ model: 'p/m', stream: 1 }, 'stream'],
    [{ model: 'p/m', max_output_tokens: -1 }, 'max_output_tokens'],
    [{ model: 'p/m', max_output_tokens: '5' }, 'max_output_tokens'],
    [{ model: 'p/m', store: 0 }, 'store'],
    [{ model: 'p/m', previous_response_id: 5 }, 'previous_response_id'],
  ])('refuses %j naming %s', (body, field) => {
    const err = refusal(body);
    expect(err.code).toBe('invalid_request');
    if (field !== 'body') expect(err.param).toBe(field);
  });
});

describe('responsesFieldsOf', () => {
  it('stores by default, as the Responses API does', () => {
    expect(responsesFieldsOf({})).toEqual({ store: true, previousResponseId: null });
    expect(responsesFieldsOf({ store: false, previous_response_id: 'resp_1' })).toEqual({ store: false, previousResponseId: 'resp_1' });
  });
});

describe('withResponsesCap', () => {
  it('returns a new request whose max_output_tokens is the cap, leaving the original untouched', () => {
    const request = parseResponsesEnvelope({ model: 'p/m', input: 'hi', max_output_tokens: 32000 });
    const clamped = withResponsesCap(request, 4096);
    expect(clamped).toMatchObject({ completionCap: 4096, body: { model: 'p/m', input: 'hi', max_output_tokens: 4096 } });
    expect(request.body.max_output_tokens).toBe(32000);
    expect(request.completionCap).toBe(32000);
  });
});
