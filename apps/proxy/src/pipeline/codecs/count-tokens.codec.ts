import { z } from 'zod';
import { anthropicStreamErrorEvent, buildCountTokensPassthrough, estimatePromptTokens, messageTokensCount } from '@aigw/adapters';
import { modelName, parseEnvelope } from '../../chat/chat-request';
import type { Route } from '../../routing/resolve-model';
import type { EndpointCodec, EndpointRequest, PipelineContext, UpstreamPlan } from '../types';
import { anthropicPromptView } from './anthropic-prompt';

/** The envelope of a count_tokens request (a Messages body without max_tokens); the rest passes as sent. */
const envelopeSchema = z.looseObject({
  model: modelName,
  messages: z.array(z.unknown(), { error: 'messages must be an array' }),
});

/**
 * POST /v1/messages/count_tokens: forwarded (but for `model`) to an anthropic-type upstream;
 * for every other provider answered here from the local tokenizer estimate, with no upstream
 * call. Never billed: run it with UNBILLED_STAGES.
 */
export const countTokensCodec: EndpointCodec = {
  name: 'count_tokens',
  acceptsApiKeyHeader: true,
  requestType: () => 'count_tokens',
  parse(body): EndpointRequest {
    const envelope = parseEnvelope(envelopeSchema, body, 'request body must be a JSON object with model and messages');
    return { model: envelope.model, stream: false, completionCap: 0, body: body as Record<string, unknown> };
  },
  plan: (request, route, ctx) => (route.entry.provider.api_type === 'anthropic' ? forwardedPlan(request, route, ctx) : localPlan(request)),
};

/** A member of the plan this path never reaches (no stream; no upstream for a local answer). */
function unreachable(what: string): () => never {
  return () => {
    throw new Error(`count_tokens: ${what} is never used on this path`);
  };
}

/** What every count_tokens plan shares: nothing is billed or held, and nothing streams. */
function unbilledPlan(promptBody: Record<string, unknown>): Omit<UpstreamPlan, 'build' | 'readJson'> {
  return { promptBody, unbilled: true, estimateCost: () => 0, streamRelay: unreachable('the stream relay'), errorEvent: anthropicStreamErrorEvent };
}

function forwardedPlan(request: EndpointRequest, route: Route, ctx: PipelineContext): UpstreamPlan {
  const { base_url: baseUrl } = route.entry.provider;
  return {
    ...unbilledPlan(request.body),
    build: (key) => buildCountTokensPassthrough(request.body, route.upstreamModel, key.key, baseUrl, ctx.req.headers),
    readJson: (bytes, contentType) => ({ body: bytes, contentType, usage: null, outputText: () => '', responseModel: null }),
  };
}

/** The Anthropic SDK's MessageTokensCount from the local tokenizer estimate of the prompt. */
function localPlan(request: EndpointRequest): UpstreamPlan {
  return {
    ...unbilledPlan(request.body),
    build: unreachable('the upstream request'),
    readJson: unreachable('the upstream answer'),
    answerLocally() {
      const count = messageTokensCount(estimatePromptTokens(anthropicPromptView(request.body)));
      return { body: JSON.stringify(count), contentType: 'application/json' };
    },
  };
}
