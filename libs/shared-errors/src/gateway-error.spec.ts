import { ERROR_STATUS, type ErrorCode } from './codes';
import { GatewayError, isGatewayError, UPSTREAM_BODY_LIMIT } from './gateway-error';

const EXPECTED_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  missing_token: 401,
  invalid_token: 401,
  token_expired: 401,
  admin_unauthorized: 401,
  insufficient_balance: 402,
  token_disabled: 403,
  model_not_allowed: 403,
  price_not_set: 403,
  admin_token_not_allowed: 403,
  mcp_not_allowed: 403,
  not_found: 404,
  provider_not_found: 404,
  model_not_found: 404,
  key_not_found: 404,
  previous_response_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream_rate_limited: 429,
  no_upstream_key: 503,
  store_busy: 503,
  budget_unavailable: 503,
  rate_limit_unavailable: 503,
  upstream_error: 502,
  upstream_timeout: 504,
  internal: 500,
};

describe('GatewayError status from code', () => {
  it('covers exactly the codes of ERROR_STATUS', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(Object.keys(EXPECTED_STATUS).sort());
  });

  it.each(Object.entries(EXPECTED_STATUS) as [ErrorCode, number][])('%s answers %i', (code, status) => {
    const err = new GatewayError(code, 'something');
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.message).toBe('something');
  });

  it('lets an explicit status win over the code', () => {
    expect(new GatewayError('upstream_error', 'x', { status: 429 }).status).toBe(429);
  });

  it('is an Error named GatewayError, with param null unless given, and keeps its cause', () => {
    const cause = new Error('root');
    const err = new GatewayError('invalid_request', 'bad model', { param: 'model', cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('GatewayError');
    expect(err.param).toBe('model');
    expect(err.cause).toBe(cause);
    expect(new GatewayError('internal', 'x').param).toBeNull();
  });

  it('isGatewayError tells gateway errors from others', () => {
    expect(isGatewayError(new GatewayError('internal', 'x'))).toBe(true);
    expect(isGatewayError(new Error('x'))).toBe(false);
    expect(isGatewayError({ code: 'internal', status: 500 })).toBe(false);
    expect(isGatewayError(undefined)).toBe(false);
  });
});

describe('GatewayError.fromUpstream', () => {
  it('keeps a 4xx status such as 429', () => {
    const err = GatewayError.fromUpstream(429, '{"error":"slow down"}');
    expect(err.status).toBe(429);
    expect(err.code).toBe('upstream_error');
    expect(err.message).toContain('429');
    expect(err.message).toContain('slow down');
  });

  it.each([400, 401, 404, 499])('keeps %i', (status) => {
    expect(GatewayError.fromUpstream(status, 'x').status).toBe(status);
  });

  it.each([500, 503, 554, 200, 302])('turns %i into 502', (status) => {
    expect(GatewayError.fromUpstream(status, 'x').status).toBe(502);
  });

  it('puts the upstream status and body in the message and keeps both in upstream', () => {
    const err = GatewayError.fromUpstream(554, 'mail server on fire');
    expect(err.status).toBe(502);
    expect(err.message).toContain('554');
    expect(err.message).toContain('mail server on fire');
    expect(err.upstream).toEqual({ status: 554, body: 'mail server on fire' });
  });

  it('names the provider when given', () => {
    expect(GatewayError.fromUpstream(500, 'x', 'openai-main').message).toContain('openai-main');
  });

  it('says the body was empty rather than showing nothing', () => {
    expect(GatewayError.fromUpstream(500, '  \n').message).toContain('(empty body)');
  });

  it('cuts the body to 4096 characters, in upstream and in the message', () => {
    expect(UPSTREAM_BODY_LIMIT).toBe(4096);
    const body = 'a'.repeat(4096) + 'TAIL-NOT-KEPT';
    const err = GatewayError.fromUpstream(500, body);
    expect(err.upstream?.body).toHaveLength(4096);
    expect(err.upstream?.body).toBe('a'.repeat(4096));
    expect(err.message).not.toContain('TAIL');
  });
});
