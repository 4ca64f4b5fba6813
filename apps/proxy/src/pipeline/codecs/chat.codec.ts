import type { ChatCall } from '@aigw/adapters';
import { completionCapOf, estimateCostOf, parseChatBody } from '../../chat/chat-request';
import { completionTextOf } from '../../chat/forward';
import type { Route } from '../../routing/resolve-model';
import type { EndpointCodec, EndpointRequest, PipelineContext, UpstreamPlan } from '../types';

/**
 * POST /v1/chat/completions: the envelope is the Chat Completions one, and the provider's
 * adapter converts the request and its answer (or passes them through for openai-type upstreams).
 */
export const chatCodec: EndpointCodec = {
  name: 'chat',
  acceptsApiKeyHeader: false,
  requestType: (stream) => (stream ? 'chat_stream' : 'chat'),
  parse(body): EndpointRequest {
    const { envelope, body: parsed } = parseChatBody(body);
    return { model: envelope.model, stream: envelope.stream === true, completionCap: completionCapOf(envelope), body: parsed };
  },
  plan: (request, route, ctx) => chatPlan(request.body, request.completionCap, route, ctx),
  withCompletionCap: capChatRequest,
};

/**
 * The cap fields the client sent (max_completion_tokens, max_tokens: each at most `cap`), or
 * max_tokens set to `cap` when it sent neither: the field every OpenAI-compatible upstream knows.
 */
function capChatRequest(request: EndpointRequest, cap: number): EndpointRequest {
  const body = { ...request.body };
  const fields = (['max_completion_tokens', 'max_tokens'] as const).filter((f) => typeof body[f] === 'number');
  if (fields.length === 0) body.max_tokens = cap;
  for (const field of fields) body[field] = Math.min(body[field] as number, cap);
  const capped = Object.assign({}, request);
  capped.body = body;
  capped.completionCap = Math.min(request.completionCap ?? cap, cap);
  return capped;
}

/**
 * The plan of a Chat Completions body (envelope already checked) to the routed provider through
 * its adapter; codecs whose clients speak another protocol use it once they have converted the body.
 */
export function chatPlan(body: Record<string, unknown>, completionCap: number | null, route: Route, ctx: PipelineContext): UpstreamPlan {
  const provider = route.entry.provider;
  const adapter = ctx.deps.adapterFor(provider.api_type);
  const call: ChatCall = { provider, upstreamModel: route.upstreamModel, body, stream: body.stream === true, clientHeaders: ctx.req.headers };
  adapter.checkChatRequest?.(call);
  return {
    promptBody: body,
    estimateCost: (price, defaultCap) => estimateCostOf(body, completionCap, price, defaultCap),
    build: (key) => adapter.buildChatRequest(call, key.key),
    streamRelay: () => adapter.createStreamRelay(call),
    errorEvent: (message) => adapter.streamErrorEvent(message),
    readJson(bytes, contentType) {
      const result = adapter.readChatResponse(bytes, contentType, call);
      // Assigned into a literal, not spread with a property added (a new hidden class per call in Node 20).
      return Object.assign({ outputText: () => completionTextOf(result.body, result.json) }, result);
    },
  };
}
