import { Agent, request } from 'undici';

/** HTTP calls to a fake upstream for its specs: OpenAI-style chat and Anthropic-style messages. */
export function fakeUpstreamClient(url: () => string) {
  const agent = new Agent();
  return {
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
    close: () => agent.close(),
  };
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
