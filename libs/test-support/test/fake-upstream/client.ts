import { Agent, request } from 'undici';
import { startFakeUpstream, type FakeUpstream } from '../../src/fake-upstream';

/**
 * A fake upstream for the specs of one file (started before them, reset after each, closed after
 * all) and HTTP calls to it: OpenAI-style chat and Anthropic-style messages.
 */
export function useFakeUpstream() {
  const agent = new Agent();
  let started: FakeUpstream | undefined;
  beforeAll(async () => {
    started = await startFakeUpstream();
  });
  afterEach(() => started?.reset());
  afterAll(async () => {
    await started?.close();
    await agent.close();
  });
  const url = () => up.fake.url;
  const up = {
    get fake(): FakeUpstream {
      if (!started) throw new Error('the fake upstream is not started yet');
      return started;
    },
    chat(body: object, key = 'sk-a', path = '/v1/chat/completions', signal?: AbortSignal) {
      return request(`${url()}${path}`, {
        method: 'POST',
        dispatcher: agent,
        signal,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    },
    messages(body: object, headers: Record<string, string> = {}) {
      return request(`${url()}/v1/messages`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    },
    /** The agent behind these calls, for specs that make their own requests. */
    dispatcher: agent,
  };
  return up;
}

/** Event names and parsed data of an Anthropic SSE body. */
export function namedEvents(text: string): { event: string; data: { type: string } & Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
      return { event, data: JSON.parse(lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}') as { type: string } };
    });
}

/** The data strings of an SSE body, `[DONE]` included. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => block.split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? '');
}
