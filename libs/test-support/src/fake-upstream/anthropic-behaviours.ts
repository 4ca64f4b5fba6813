import {
  anthropicErrorBody,
  anthropicErrorEvents,
  defaultAnthropicEvents,
  defaultAnthropicMessage,
  structuredAnthropicEvents,
  structuredAnthropicMessage,
  structuredAskOf,
  type SseFixtureEvent,
} from './fixtures';
import { pause, sendJson, sendSse, sseEventText, type Exchange } from './respond';
import type { FakeBehaviour } from './types';

/** Anthropic-shaped answers of the fake (POST /v1/messages). */

type AnthropicBehaviour = Extract<FakeBehaviour, { kind: 'anthropic-json' | 'anthropic-sse' | 'anthropic-error' | 'anthropic-sse-error' }>;

export interface AnthropicExchange extends Exchange {
  stream: boolean;
  model: string;
  /** A fresh message id (`msg_fake_N`). */
  completionId: string;
  /** The request's JSON body (an empty object when it was not one). */
  body: Record<string, unknown>;
}

/** Anthropic names every event; one given without a name is named after its data's `type`. */
function namedEventText(event: SseFixtureEvent): string {
  const type = (event.data as { type?: unknown }).type;
  return sseEventText(event.event === undefined && typeof type === 'string' ? { event: type, data: event.data } : event);
}

/**
 * The `auto` answer on /v1/messages: a Message, or its event stream when the request streams. A
 * structured-output request (`output_config.format`, or a forced tool) gets JSON made from its
 * schema, as text or as that tool's call.
 */
export function serveAnthropicAuto(ex: AnthropicExchange): Promise<void> {
  const ask = structuredAskOf(ex.body);
  if (ex.stream) {
    const events = ask ? structuredAnthropicEvents(ask, ex.model, ex.completionId) : defaultAnthropicEvents(ex.model, ex.completionId);
    return sendSse(ex, events.map(namedEventText), { done: false });
  }
  sendJson(ex.res, 200, ask ? structuredAnthropicMessage(ask, ex.model, ex.completionId) : defaultAnthropicMessage(ex.model, ex.completionId));
  return Promise.resolve();
}

export async function serveAnthropic(behaviour: AnthropicBehaviour, ex: AnthropicExchange): Promise<void> {
  switch (behaviour.kind) {
    case 'anthropic-json':
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      return sendJson(ex.res, behaviour.status ?? 200, behaviour.body ?? defaultAnthropicMessage(ex.model, ex.completionId), behaviour.headers);
    case 'anthropic-sse': {
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      const events = behaviour.events ?? defaultAnthropicEvents(ex.model, ex.completionId);
      return sendSse(ex, events.map(namedEventText), { intervalMs: behaviour.intervalMs, dieAfter: behaviour.dieAfter, done: false, headers: behaviour.headers });
    }
    case 'anthropic-error':
      return sendJson(ex.res, behaviour.status, anthropicErrorBody(behaviour.type ?? 'api_error', behaviour.message ?? 'fake upstream error'), behaviour.headers);
    case 'anthropic-sse-error': {
      const events = anthropicErrorEvents(ex.model, ex.completionId, behaviour.type ?? 'overloaded_error', behaviour.message ?? 'Overloaded');
      return sendSse(ex, events.map(namedEventText), { intervalMs: behaviour.intervalMs, done: false });
    }
  }
}
