import { anthropicErrorBody, anthropicErrorEvents, defaultAnthropicEvents, defaultAnthropicMessage, type SseFixtureEvent } from './fixtures';
import { pause, sendJson, sendSse, sseEventText, type Exchange } from './respond';
import type { FakeBehaviour } from './types';

/** Anthropic-shaped answers of the fake (POST /v1/messages). */

type AnthropicBehaviour = Extract<FakeBehaviour, { kind: 'anthropic-json' | 'anthropic-sse' | 'anthropic-error' | 'anthropic-sse-error' }>;

export interface AnthropicExchange extends Exchange {
  stream: boolean;
  model: string;
  /** A fresh message id (`msg_fake_N`). */
  completionId: string;
}

/** Anthropic names every event; one given without a name is named after its data's `type`. */
function namedEventText(event: SseFixtureEvent): string {
  const type = (event.data as { type?: unknown }).type;
  return sseEventText(event.event === undefined && typeof type === 'string' ? { event: type, data: event.data } : event);
}

/** The `auto` answer on /v1/messages: a Message, or its event stream when the request streams. */
export function serveAnthropicAuto(ex: AnthropicExchange): Promise<void> {
  if (ex.stream) return sendSse(ex, defaultAnthropicEvents(ex.model, ex.completionId).map(namedEventText), { done: false });
  sendJson(ex.res, 200, defaultAnthropicMessage(ex.model, ex.completionId));
  return Promise.resolve();
}

export async function serveAnthropic(behaviour: AnthropicBehaviour, ex: AnthropicExchange): Promise<void> {
  switch (behaviour.kind) {
    case 'anthropic-json':
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      return sendJson(ex.res, behaviour.status ?? 200, behaviour.body ?? defaultAnthropicMessage(ex.model, ex.completionId));
    case 'anthropic-sse': {
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      const events = behaviour.events ?? defaultAnthropicEvents(ex.model, ex.completionId);
      return sendSse(ex, events.map(namedEventText), { intervalMs: behaviour.intervalMs, dieAfter: behaviour.dieAfter, done: false });
    }
    case 'anthropic-error':
      return sendJson(ex.res, behaviour.status, anthropicErrorBody(behaviour.type ?? 'api_error', behaviour.message ?? 'fake upstream error'));
    case 'anthropic-sse-error': {
      const events = anthropicErrorEvents(ex.model, ex.completionId, behaviour.type ?? 'overloaded_error', behaviour.message ?? 'Overloaded');
      return sendSse(ex, events.map(namedEventText), { intervalMs: behaviour.intervalMs, done: false });
    }
  }
}
