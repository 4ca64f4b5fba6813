import { FAKE_RESPONSES_TEXT, FAKE_RESPONSES_USAGE } from '../../src/fake-upstream';
import { namedEvents, useFakeUpstream } from './client';

const up = useFakeUpstream();

describe('fake upstream: Responses API', () => {
  it('answers a response with a message and usage, and records the call', async () => {
    const res = await up.chat({ model: 'gpt-5', input: 'hi' }, 'sk-a', '/v1/responses');
    expect(res.statusCode).toBe(200);
    const json = (await res.body.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5' });
    expect(json.output).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ type: 'output_text', text: FAKE_RESPONSES_TEXT })] })]);
    expect(json.usage).toMatchObject({ input_tokens: FAKE_RESPONSES_USAGE.input_tokens, output_tokens: FAKE_RESPONSES_USAGE.output_tokens, input_tokens_details: { cached_tokens: FAKE_RESPONSES_USAGE.cached } });
    expect(up.fake.requests[0]).toMatchObject({ path: '/v1/responses', apiKey: 'sk-a', body: { input: 'hi' } });
  });

  it('streams the event sequence, ending with response.completed and its usage; no [DONE]', async () => {
    const res = await up.chat({ model: 'm', input: 'hi', stream: true, reasoning: { effort: 'low' } }, 'sk-a', '/responses');
    const events = namedEvents(await res.body.text());
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)?.data).toMatchObject({ response: { usage: { output_tokens_details: { reasoning_tokens: FAKE_RESPONSES_USAGE.reasoning } } } });
  });

  it('calls a function tool, then answers its output with text', async () => {
    const tools = [{ type: 'function', name: 'weather', parameters: { type: 'object' } }];
    const first = (await (await up.chat({ model: 'm', input: 'weather?', tools }, 'sk-a', '/v1/responses')).body.json()) as { output: { type: string; call_id: string }[] };
    expect(first.output[0]).toMatchObject({ type: 'function_call', name: 'weather' });
    const input = [{ type: 'function_call_output', call_id: first.output[0]!.call_id, output: 'sunny' }];
    const second = (await (await up.chat({ model: 'm', input, tools }, 'sk-a', '/v1/responses')).body.json()) as { output: { type: string }[] };
    expect(second.output[0]?.type).toBe('message');
  });

  it('finds a previous response only with the key that made it', async () => {
    const first = (await (await up.chat({ model: 'm', input: 'hi' }, 'sk-a', '/v1/responses')).body.json()) as { id: string };
    const same = await up.chat({ model: 'm', input: 'again', previous_response_id: first.id }, 'sk-a', '/v1/responses');
    expect(same.statusCode).toBe(200);
    await same.body.dump();
    const other = await up.chat({ model: 'm', input: 'again', previous_response_id: first.id }, 'sk-b', '/v1/responses');
    expect(other.statusCode).toBe(400);
    expect(((await other.body.json()) as { error: { code: string } }).error.code).toBe('previous_response_not_found');
  });

  it('plays a queued status behaviour', async () => {
    up.fake.enqueue({ kind: 'status', status: 429, body: '{"error":{"message":"slow down"}}' });
    const res = await up.chat({ model: 'm', input: 'hi' }, 'sk-a', '/v1/responses');
    expect(res.statusCode).toBe(429);
    await res.body.dump();
  });
});
