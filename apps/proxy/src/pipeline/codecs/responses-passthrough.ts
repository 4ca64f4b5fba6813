import {
  buildResponsesPassthrough,
  createResponsesTap,
  readResponsesUsage,
  responseOutputText,
  responsesStreamErrorEvent,
  responsesToChatRequest,
  type ResponsesTap,
} from '@aigw/adapters';
import { GatewayError } from '@aigw/shared-errors';
import type { ProviderKeyWithSecret, StoredResponse } from '@aigw/store';
import { estimateCostOf } from '../../chat/chat-request';
import type { Route } from '../../routing/resolve-model';
import { modelOf } from '@aigw/adapters';
import type { EndpointRequest, UpstreamPlan } from '../types';
import { parseAnswerJson } from './anthropic-answer';
import { keepResponse, pinnedKeyId, type ResponsesMemory } from './responses-memory';

/**
 * The prompt in Chat Completions shape for the token estimates. A body the conversion cannot read
 * (a tool or item type only the upstream knows) still passes through; its estimate then reads the
 * input as text. Either way the prompt view carries the request's cap, which bounds billed usage.
 */
function promptViewOf(body: Record<string, unknown>): Record<string, unknown> {
  try {
    return responsesToChatRequest(body);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    const text = [body.instructions, body.input].map((part) => (typeof part === 'string' ? part : JSON.stringify(part ?? ''))).join('\n');
    // The cap bounds the completion tokens an upstream may bill (usage-check), as on chat.
    return { messages: [{ role: 'user', content: text }], ...(typeof body.max_output_tokens === 'number' ? { max_tokens: body.max_output_tokens } : {}) };
  }
}

/**
 * POST /v1/responses to a provider whose upstream speaks it: the body goes as sent but for
 * `model`, the answer comes back as the upstream wrote it. The id of the response is kept with the
 * key that made it, and a follow-up naming a previous response is sent with that key only.
 */
export function responsesPassThroughPlan(request: EndpointRequest, route: Route, memory: ResponsesMemory, previous: StoredResponse | null): UpstreamPlan {
  const { body } = request;
  const provider = route.entry.provider;
  const pinned = previous === null ? null : pinnedKeyId(previous, route);
  const promptBody = promptViewOf(body);
  let usedKey: ProviderKeyWithSecret | null = null;
  let tap: ResponsesTap | null = null;
  let jsonId: string | null = null;
  return {
    promptBody,
    estimateCost: (price, defaultCap) => estimateCostOf(promptBody, request.completionCap, price, defaultCap),
    build(key) {
      usedKey = key;
      return buildResponsesPassthrough(body, route.upstreamModel, key.key, provider.base_url);
    },
    streamRelay() {
      tap = createResponsesTap();
      return tap;
    },
    errorEvent: responsesStreamErrorEvent,
    readJson(bytes, contentType, secrets) {
      const json = parseAnswerJson(bytes, secrets);
      const id = (json as { id?: unknown } | null)?.id;
      jsonId = typeof id === 'string' && id !== '' ? id : null;
      return { body: bytes, contentType, usage: readResponsesUsage(json), outputText: () => responseOutputText(json), responseModel: modelOf(json) };
    },
    ...(pinned === null ? {} : { keyFilter: (key: ProviderKeyWithSecret) => key.id === pinned }),
    async beforeAnswerEnds() {
      const id = jsonId ?? tap?.responseId() ?? null;
      if (id === null || usedKey === null) return;
      await keepResponse(memory, { id, provider: provider.name, key_id: usedKey.id, model: request.model, input_items: null, output_items: null });
    },
  };
}
