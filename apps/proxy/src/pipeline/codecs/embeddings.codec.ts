import { z } from 'zod';
import { embeddingInputTokenBound, estimateEmbeddingInputTokens, readEmbeddingsAnswer, type EmbeddingsCall } from '@aigw/adapters';
import { GatewayError } from '@aigw/shared-errors';
import { modelName, parseEnvelope } from '../../chat/chat-request';
import type { Route } from '../../routing/resolve-model';
import type { EndpointCodec, EndpointRequest, PipelineContext, UpstreamPlan } from '../types';

const tokenIds = z.array(z.number().int().min(0));

/** The envelope of an embeddings request; every other field (`encoding_format`, `dimensions`, `user`) passes as sent. */
const envelopeSchema = z.looseObject({
  model: modelName,
  input: z.union([z.string(), z.array(z.string()), tokenIds, z.array(tokenIds)], {
    error: 'input must be a string, an array of strings, an array of token ids or an array of token id arrays',
  }),
});

/**
 * POST /v1/embeddings: passed through but for `model` to providers whose adapter builds
 * embeddings requests (openai, zhipu). The answer reaches the client as the upstream's bytes;
 * only its usage is read, and billed at the model's prompt price (no completion).
 */
export const embeddingsCodec: EndpointCodec = {
  name: 'embeddings',
  acceptsApiKeyHeader: false,
  requestType: () => 'embeddings',
  parse(body): EndpointRequest {
    const envelope = parseEnvelope(envelopeSchema, body, 'request body must be a JSON object with model and input');
    return { model: envelope.model, stream: false, completionCap: 0, body: body as Record<string, unknown> };
  },
  plan: embeddingsPlan,
};

function embeddingsPlan(request: EndpointRequest, route: Route, ctx: PipelineContext): UpstreamPlan {
  const provider = route.entry.provider;
  const adapter = ctx.deps.adapterFor(provider.api_type);
  const build = adapter.buildEmbeddingsRequest?.bind(adapter);
  if (!build) {
    throw new GatewayError('invalid_request', `provider "${provider.name}" (${provider.api_type}) serves no embeddings`, { param: 'model' });
  }
  const call: EmbeddingsCall = { provider, upstreamModel: route.upstreamModel, body: request.body };
  let counted: number | undefined;
  let bound: number | undefined;
  const inputTokens = (): number => (counted ??= estimateEmbeddingInputTokens(request.body.input));
  const inputTokenBound = (): number => (bound ??= embeddingInputTokenBound(request.body.input));
  return {
    promptBody: request.body,
    inputTokens,
    inputTokenBound,
    estimateCost: (price) => (inputTokenBound() * price.prompt_per_million) / 1_000_000,
    build: (key) => build(call, key.key),
    // Never called: an embeddings request does not stream (its envelope sets stream false).
    streamRelay: () => {
      throw new Error('embeddings have no stream relay');
    },
    errorEvent: (message) => adapter.streamErrorEvent(message),
    readJson(bytes, contentType) {
      const { usage, responseModel } = readEmbeddingsAnswer(bytes);
      return { body: bytes, contentType, usage, outputText: () => '', responseModel };
    },
  };
}
