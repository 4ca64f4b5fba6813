import {
  chatToResponse,
  createChatToResponsesStream,
  responseOutputText,
  responsesInputItems,
  responsesStreamErrorEvent,
  responsesToChatRequest,
  scrubKeys,
  type ChatToResponsesStream,
  type ResponseContext,
} from '@aigw/adapters';
import type { StoredResponse } from '@aigw/store';
import type { Route } from '../../routing/resolve-model';
import type { EndpointRequest, PipelineContext, UpstreamPlan } from '../types';
import { parseAnswerJson } from './anthropic-answer';
import { chatPlan } from './chat.codec';
import { convertedRelay } from './converted-relay';
import { historyOf, keepResponse, mintResponseId, type ResponsesMemory } from './responses-memory';

/**
 * POST /v1/responses to a provider that does not speak it: the body (after the history of a
 * previous response, when it names one) is converted to Chat Completions, sent through the
 * provider's adapter as chat is, and the answer converted back into a response whose id the
 * gateway mints. Unless `store` is false, the response is kept (its input items with the history,
 * and its output items) before the client's answer ends, so an immediate follow-up finds it.
 */
export function responsesConvertedPlan(
  request: EndpointRequest,
  route: Route,
  ctx: PipelineContext,
  memory: ResponsesMemory,
  previous: StoredResponse | null,
  store: boolean,
): UpstreamPlan {
  const history = previous === null ? [] : historyOf(previous);
  const converted = responsesToChatRequest(request.body, history);
  const inner = chatPlan(converted, request.completionCap, route, ctx);
  const answer: ResponseContext = { id: mintResponseId(), model: request.model, createdAt: Math.floor(Date.now() / 1000), request: request.body };
  let converter: ChatToResponsesStream | null = null;
  let output: unknown[] | null = null;
  let failed = false;
  return {
    ...inner,
    streamRelay() {
      converter = createChatToResponsesStream(answer);
      return convertedRelay(inner.streamRelay(), converter);
    },
    errorEvent(message) {
      failed = true;
      return converter ? converter.fail(message) : responsesStreamErrorEvent(message);
    },
    readJson(bytes, contentType, secrets) {
      const result = inner.readJson(bytes, contentType, secrets);
      const response = chatToResponse(result.json ?? parseAnswerJson(result.body, secrets), answer);
      output = response.output;
      return { body: JSON.stringify(response), contentType: 'application/json', usage: result.usage, outputText: () => responseOutputText(response), responseModel: result.responseModel };
    },
    // With `store: false` nothing is kept, so the answer has nothing to wait for.
    ...(store ? { beforeAnswerEnds: keep } : {}),
  };
  async function keep(): Promise<void> {
    if (failed) return;
    // Kept items are replayed upstream and may be read back: the provider's keys never go in.
    // Items with no key in them (scrubKeys gives the very text back) are kept as they are.
    const scrubbed = (items: unknown[]): unknown[] => {
      const text = JSON.stringify(items);
      const clean = scrubKeys(text, route.entry.keys);
      return clean === text ? items : (JSON.parse(clean) as unknown[]);
    };
    const items = scrubbed(output ?? converter?.output() ?? []);
    const input = scrubbed([...history, ...responsesInputItems(request.body)]);
    await keepResponse(memory, { id: answer.id, provider: route.entry.provider.name, key_id: null, model: request.model, input_items: input, output_items: items });
  }
}
