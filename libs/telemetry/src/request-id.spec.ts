import type { Request, Response } from 'express';
import { clientRequestIdOf, requestIdMiddleware } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function run(headers: Record<string, string>): { locals: Record<string, unknown>; sent: Record<string, string> } {
  const sent: Record<string, string> = {};
  const res = { locals: {} as Record<string, unknown>, setHeader: (name: string, value: string) => (sent[name] = value) };
  requestIdMiddleware()({ headers } as Request, res as unknown as Response, () => undefined);
  return { locals: res.locals, sent };
}

describe('requestIdMiddleware', () => {
  it("mints the request id even when the client sends one, and keeps the client's apart", () => {
    const { locals, sent } = run({ 'x-request-id': 'client-1' });
    expect(locals.requestId).toMatch(UUID);
    expect(locals.clientRequestId).toBe('client-1');
    expect(sent).toEqual({ 'x-request-id': locals.requestId, 'x-client-request-id': 'client-1' });
  });

  it('mints a new id for every request', () => {
    expect(run({ 'x-request-id': 'same' }).locals.requestId).not.toBe(run({ 'x-request-id': 'same' }).locals.requestId);
  });

  it('sends no x-client-request-id when the client sent none', () => {
    const { locals, sent } = run({});
    expect(locals.clientRequestId).toBeNull();
    expect(Object.keys(sent)).toEqual(['x-request-id']);
  });
});

describe('clientRequestIdOf', () => {
  it('prefers x-client-request-id over x-request-id', () => {
    expect(clientRequestIdOf({ 'x-client-request-id': 'a', 'x-request-id': 'b' })).toBe('a');
    expect(clientRequestIdOf({ 'x-request-id': 'b' })).toBe('b');
  });

  it('drops ids over 128 characters or with other characters', () => {
    expect(clientRequestIdOf({ 'x-request-id': 'x'.repeat(128) })).toBe('x'.repeat(128));
    expect(clientRequestIdOf({ 'x-request-id': 'x'.repeat(129) })).toBeNull();
    expect(clientRequestIdOf({ 'x-request-id': 'a b' })).toBeNull();
    expect(clientRequestIdOf({ 'x-request-id': 'a\u0000b' })).toBeNull();
    expect(clientRequestIdOf({ 'x-client-request-id': 'bad id', 'x-request-id': 'good' })).toBeNull();
  });
});
