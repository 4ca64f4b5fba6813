import { anthropicErrorBody, anthropicErrorEvents, defaultChunks } from './fixtures';
import { sendJson, sendSse, sseEventText } from './respond';
import type { ChatExchange } from './behaviours';
import type { FakeBehaviour } from './types';

type EchoKey = Extract<FakeBehaviour, { kind: 'echo-key' }>;

/** What a careless relay says about a key it refuses: the key itself. */
function refusal(key: string | null): string {
  return `invalid api key ${key ?? '(none)'}; check the key sk-... you sent`;
}

/** The error body, or the error event after one chunk of text, naming the presented key. */
export function serveEchoKey(behaviour: EchoKey, ex: ChatExchange): Promise<void> {
  const message = refusal(ex.apiKey);
  const anthropic = ex.api === 'anthropic';
  if (behaviour.midStream) {
    const events = anthropic
      ? anthropicErrorEvents(ex.model, ex.completionId, 'authentication_error', message).map(sseEventText)
      : [...defaultChunks(ex.model, ex.completionId).slice(0, 2), { error: { message, type: 'invalid_request_error', code: 'invalid_api_key', param: null } }].map((data) =>
          sseEventText({ data }),
        );
    return sendSse(ex, events, { done: false });
  }
  const body = anthropic ? anthropicErrorBody('authentication_error', message) : { error: { message, type: 'invalid_request_error', code: 'invalid_api_key', param: null } };
  sendJson(ex.res, behaviour.status ?? 401, body, { 'x-echo-key': ex.apiKey ?? '' });
  return Promise.resolve();
}
