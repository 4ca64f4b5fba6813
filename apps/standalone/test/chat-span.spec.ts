import { SpanKind, SpanStatusCode, startTracing, type ReadableSpan, type Tracing } from '@aigw/telemetry';
import { createSpanCollector, startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * The chat span of each route, in process (tracing.spec.ts covers the whole trace over OTLP with the
 * built main). The spans made here need no module patching: the chat span is the gateway's own, the
 * undici spans come through diagnostics channels.
 */
describe('chat spans', () => {
  const collector = createSpanCollector();
  let tracing: Tracing | undefined;
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const messages = [{ role: 'user' as const, content: 'hi' }];

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'aigw-test', exporter: collector });
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-up-1', 'sk-up-2'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-1'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw?.close();
    await fake?.close();
    await tracing?.shutdown();
  });
  beforeEach(() => {
    fake.reset();
    collector.reset();
  });

  /** The one chat span of the request just made, once its usage event is written. */
  async function chatSpan(): Promise<ReadableSpan> {
    await gw.logs();
    await tracing!.forceFlush();
    const spans = collector.spans.filter((s) => s.name.startsWith('chat '));
    expect(spans).toHaveLength(1);
    return spans[0]!;
  }

  function upstreamCalls(parent: ReadableSpan): ReadableSpan[] {
    return collector.spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId && s.kind === SpanKind.CLIENT);
  }

  it('stream: the response model and usage come from the relay', async () => {
    const stream = await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) void chunk;
    const span = await chatSpan();
    const [row] = (await gw.logs()).slice(-1);
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes).toMatchObject({
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': row!.prompt_tokens,
      'gen_ai.usage.output_tokens': row!.completion_tokens,
      'aigw.request_id': row!.request_id,
      'aigw.attempts': 1,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(upstreamCalls(span)).toHaveLength(1);
  });

  it('failover: each attempt is an upstream call inside the chat span', async () => {
    fake.enqueue({ kind: 'status', status: 500, body: '{"error":"boom"}' });
    await gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages });
    const span = await chatSpan();
    expect(span.attributes['aigw.attempts']).toBe(2);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(upstreamCalls(span)).toHaveLength(2);
  });

  it('failure: the span has status error with the message', async () => {
    fake.enqueue({ kind: 'status', status: 500, body: '{"error":"boom"}' }, { kind: 'status', status: 500, body: '{"error":"boom"}' });
    await expect(gw.client(token).chat.completions.create({ model: 'up/gpt-4o-mini', messages })).rejects.toThrow();
    const span = await chatSpan();
    const [row] = (await gw.logs()).slice(-1);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toBe(row!.error_message);
    expect(span.attributes['aigw.attempts']).toBe(2);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('/v1/messages to an Anthropic upstream: gen_ai.system anthropic', async () => {
    const answer = await gw.anthropic(token).messages.create({ model: 'claude/claude-sonnet-4', max_tokens: 100, messages });
    const span = await chatSpan();
    const [row] = (await gw.logs()).slice(-1);
    expect(span.name).toBe('chat claude-sonnet-4');
    expect(span.attributes).toMatchObject({
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4',
      'gen_ai.response.model': answer.model,
      // Cache reads and writes count as input, as in the request log.
      'gen_ai.usage.input_tokens': row!.prompt_tokens,
      'gen_ai.usage.output_tokens': answer.usage.output_tokens,
      'aigw.provider': 'claude',
    });
  });
});
