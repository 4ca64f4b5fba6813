import { anthropicErrorType, openAiErrorType } from './codes';
import { GatewayError } from './gateway-error';
import { renderErrorBody, toAnthropicErrorBody, toOpenAiErrorBody } from './render';

describe('toOpenAiErrorBody', () => {
  it('renders message, type, code and param', () => {
    const err = new GatewayError('model_not_allowed', 'model gpt-5 is not allowed for this token', { param: 'model' });
    expect(toOpenAiErrorBody(err)).toEqual({
      error: { message: 'model gpt-5 is not allowed for this token', type: 'permission_error', code: 'model_not_allowed', param: 'model' },
    });
  });

  it('renders param null when there is none', () => {
    expect(toOpenAiErrorBody(new GatewayError('missing_token', 'no token')).error).toEqual({
      message: 'no token',
      type: 'authentication_error',
      code: 'missing_token',
      param: null,
    });
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'insufficient_quota'],
    [403, 'permission_error'],
    [404, 'invalid_request_error'],
    [409, 'invalid_request_error'],
    [413, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'api_error'],
    [504, 'api_error'],
  ])('status %i has type %s', (status, type) => {
    expect(openAiErrorType(status)).toBe(type);
  });

  it('takes the type from the status an upstream error kept', () => {
    expect(toOpenAiErrorBody(GatewayError.fromUpstream(429, 'x')).error.type).toBe('rate_limit_error');
  });
});

describe('toAnthropicErrorBody', () => {
  it('renders {type: error, error: {type, message}} with nothing else', () => {
    const err = new GatewayError('insufficient_balance', 'token budget used up', { param: 'x' });
    expect(toAnthropicErrorBody(err)).toEqual({ type: 'error', error: { type: 'billing_error', message: 'token budget used up' } });
  });

  it.each([
    [400, 'invalid_request_error'],
    [409, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
  ])('status %i has type %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });
});

describe('renderErrorBody', () => {
  const err = new GatewayError('not_found', 'no such thing');

  it('renders the OpenAI body for openai', () => {
    expect(renderErrorBody(err, 'openai')).toEqual(toOpenAiErrorBody(err));
  });

  it('renders the Anthropic body for anthropic', () => {
    expect(renderErrorBody(err, 'anthropic')).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'no such thing' } });
  });

  it('renders a JSON-RPC error for mcp, with the gateway code as data.code', () => {
    expect(renderErrorBody(err, 'mcp')).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'no such thing', data: { code: 'not_found' } } });
    expect(renderErrorBody(new GatewayError('invalid_token', 'bad'), 'mcp')).toMatchObject({ error: { code: -32000, data: { code: 'invalid_token' } } });
    expect(renderErrorBody(new GatewayError('invalid_request', 'bad'), 'mcp')).toMatchObject({ error: { code: -32600 } });
  });
});
