import { context, SpanKind } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '@aigw/telemetry';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import type * as HarnessModule from './harness';

/**
 * One chat request through the standalone gateway with tracing on: the proxy's HTTP server span,
 * the chat span with its GenAI attributes, the undici call to the upstream and the log-writer's
 * span are one trace. Tracing starts before the gateway's modules are loaded, as in the mains.
 */
describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let fake: FakeUpstream;
  let gw: HarnessModule.TestGateway;
  let token: string;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'aigw-test', exporter });
    const harness = jest.requireActual<typeof HarnessModule>('./harness');
    fake = await startFakeUpstream();
    gw = await harness.startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-up-1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    token = (await gw.addToken()).key;
    fake.enqueue({ kind: 'openai-json', body: { ...harness.completion(11, 7), model: 'gpt-4o-mini-2024-07-18' } });
  });
  afterAll(async () => {
    await gw?.close();
    await fake?.close();
    await tracing?.shutdown();
  });

  it('puts proxy, upstream call, chat span and log-writer in one trace', async () => {
    expect(tracing).toBeDefined();
    // The test's own client is not traced: the trace must start at the proxy.
    const answer = await context.with(suppressTracing(context.active()), () =>
      gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(answer.choices[0]!.message.content).toBe('ok');
    const [row] = await gw.logs();
    expect(row).toMatchObject({ status_code: 200, prompt_tokens: 11, completion_tokens: 7 });
    await tracing!.forceFlush();
    const spans = exporter.getFinishedSpans();
    const named = (name: string): ReadableSpan[] => spans.filter((s) => s.name === name);
    const describeAll = spans.map((s) => `${s.name} (${SpanKind[s.kind]})`).join(', ');

    const chat = named('chat gpt-4o-mini');
    expect(chat).toHaveLength(1);
    const chatSpan = chat[0]!;
    const traceId = chatSpan.spanContext().traceId;
    expect(chatSpan.kind).toBe(SpanKind.CLIENT);
    expect(chatSpan.attributes).toMatchObject({
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 7,
      'aigw.provider': 'up',
      'aigw.request_id': row!.request_id,
      'aigw.attempts': 1,
    });

    // The proxy's HTTP server span is the root of the trace.
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] !== undefined && String(s.attributes['url.path'] ?? s.attributes['http.target']).startsWith('/v1/chat/completions'));
    expect({ server: server?.name, all: describeAll }).toEqual({ server: expect.any(String), all: describeAll });
    expect(server!.spanContext().traceId).toBe(traceId);
    expect(server!.parentSpanContext).toBeUndefined();

    // The undici call to the upstream runs inside the chat span.
    const upstreamCall = spans.find((s) => s.kind === SpanKind.CLIENT && String(s.attributes['url.full'] ?? '').startsWith(fake.url));
    expect({ upstream: upstreamCall?.name, all: describeAll }).toEqual({ upstream: expect.any(String), all: describeAll });
    expect(upstreamCall!.spanContext().traceId).toBe(traceId);
    expect(upstreamCall!.parentSpanContext?.spanId).toBe(chatSpan.spanContext().spanId);

    // The log-writer's work continues the request's trace (carried in the usage event).
    const logWriter = named('usage-events process');
    expect(logWriter).toHaveLength(1);
    expect(logWriter[0]!.kind).toBe(SpanKind.CONSUMER);
    expect(logWriter[0]!.spanContext().traceId).toBe(traceId);
    expect(logWriter[0]!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(logWriter[0]!.attributes['aigw.request_id']).toBe(row!.request_id);
  });
});
