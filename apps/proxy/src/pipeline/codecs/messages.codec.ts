import {
  anthropicStreamErrorEvent,
  anthropicToOpenAiRequest,
  buildMessagesPassthrough,
  checkMessagesEnvelope,
  createOpenAiToAnthropicStream,
  createMessagesTap,
  modelOf,
  openAiToAnthropicMessage,
  readMessagesUsage,
} from '@aigw/adapters';
import { GatewayError } from '@aigw/shared-errors';
import { estimateCostOf, parseChatBody } from '../../chat/chat-request';
import type { Route } from '../../routing/resolve-model';
import type { EndpointCodec, EndpointRequest, PipelineContext, UpstreamPlan } from '../types';
import { messageText, parseAnswerJson } from './anthropic-answer';
import { anthropicPromptView } from './anthropic-prompt';
import { chatPlan } from './chat.codec';
import { convertedRelay } from './converted-relay';

/**
 * POST /v1/messages: Anthropic clients reach any provider. An anthropic-type upstream gets the
 * body as sent (only the envelope is checked); any other gets it converted to Chat Completions,
 * and its answer is converted back.
 */
export const messagesCodec: EndpointCodec = {
  name: 'messages',
  acceptsApiKeyHeader: true,
  requestType: (stream) => (stream ? 'messages_stream' : 'messages'),
  parse: parseMessagesEnvelope,
  plan: (request, route, ctx) => (route.entry.provider.api_type === 'anthropic' ? passThroughPlan(request, route, ctx) : convertedPlan(request, route, ctx)),
  withCompletionCap: capMessagesRequest,
};

/** Anthropic's least thinking budget. */
const MIN_THINKING_BUDGET = 1024;

/**
 * max_tokens (required on /v1/messages, so always there) replaced by `cap`; a thinking budget that
 * no longer fits under it (Anthropic wants budget_tokens below max_tokens) is lowered with it.
 */
function capMessagesRequest(request: EndpointRequest, cap: number): EndpointRequest {
  const body: Record<string, unknown> = { ...request.body, max_tokens: cap };
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number' && thinking.budget_tokens >= cap) {
    body.thinking = { ...thinking, budget_tokens: Math.max(MIN_THINKING_BUDGET, cap - 1) };
  }
  return { ...request, body, completionCap: cap };
}

function parseMessagesEnvelope(body: unknown): EndpointRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'request body must be a JSON object with model, messages and max_tokens');
  }
  const raw = body as Record<string, unknown>;
  checkMessagesEnvelope(raw);
  if (raw.stream !== undefined && raw.stream !== null && typeof raw.stream !== 'boolean') {
    throw new GatewayError('invalid_request', 'stream must be a boolean', { param: 'stream' });
  }
  // The model name rules (length, control characters) and a whole max_tokens, as on chat.
  parseChatBody({ model: raw.model, messages: raw.messages, max_tokens: raw.max_tokens });
  return { model: raw.model, stream: raw.stream === true, completionCap: raw.max_tokens, body: raw };
}

function passThroughPlan(request: EndpointRequest, route: Route, ctx: PipelineContext): UpstreamPlan {
  const { body } = request;
  const provider = route.entry.provider;
  const promptBody = anthropicPromptView(body);
  return {
    promptBody,
    estimateCost: (price, defaultCap) => estimateCostOf(promptBody, request.completionCap, price, defaultCap),
    build: (key) => buildMessagesPassthrough(body, route.upstreamModel, key.key, provider.base_url, ctx.req.headers),
    streamRelay: createMessagesTap,
    errorEvent: anthropicStreamErrorEvent,
    readJson(bytes, contentType, secrets) {
      const json = parseAnswerJson(bytes, secrets);
      return { body: bytes, contentType, usage: readMessagesUsage(json), outputText: () => messageText(json), responseModel: modelOf(json) };
    },
  };
}

function convertedPlan(request: EndpointRequest, route: Route, ctx: PipelineContext): UpstreamPlan {
  const converted = anthropicToOpenAiRequest(request.body);
  const inner = chatPlan(converted, request.completionCap, route, ctx);
  return {
    ...inner,
    streamRelay: () => convertedRelay(inner.streamRelay(), createOpenAiToAnthropicStream(request.model)),
    errorEvent: anthropicStreamErrorEvent,
    readJson(bytes, contentType, secrets) {
      const result = inner.readJson(bytes, contentType, secrets);
      const message = openAiToAnthropicMessage(result.json ?? parseAnswerJson(result.body, secrets), request.model);
      return { body: JSON.stringify(message), contentType: 'application/json', usage: result.usage, outputText: () => messageText(message), responseModel: result.responseModel };
    },
  };
}
