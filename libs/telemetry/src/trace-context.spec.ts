import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { RPCType, setRPCMetadata } from '@opentelemetry/core';
import { requestContext } from './trace-context';

const span = (spanId: string) => trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: 1 });

describe('requestContext', () => {
  const server = span('b7ad6b7169203331');
  const middleware = span('00f067aa0ba902b7');

  it('puts the server span that @opentelemetry/core setRPCMetadata stored back as the active span', () => {
    const ctx = trace.setSpan(setRPCMetadata(ROOT_CONTEXT, { type: RPCType.HTTP, span: server }), middleware);
    expect(trace.getSpan(requestContext(ctx))).toBe(server);
  });

  it('returns the context itself when the server span is already active or there is none', () => {
    const serving = trace.setSpan(setRPCMetadata(ROOT_CONTEXT, { type: RPCType.HTTP, span: server }), server);
    expect(requestContext(serving)).toBe(serving);
    const plain = trace.setSpan(ROOT_CONTEXT, middleware);
    expect(requestContext(plain)).toBe(plain);
    expect(requestContext(ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
  });
});
