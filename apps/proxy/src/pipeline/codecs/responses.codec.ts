import type { ResponseRepository, StoredResponse } from '@aigw/store';
import type { EndpointCodec, EndpointRequest, UpstreamPlan } from '../types';
import { responsesConvertedPlan } from './responses-converted';
import { parseResponsesEnvelope, responsesFieldsOf, withResponsesCap } from './responses-envelope';
import { findPrevious, memoryOf } from './responses-memory';
import { responsesPassThroughPlan } from './responses-passthrough';

export { withResponsesCap };

/** The Responses codec, with the catalog clamp of its completion cap (`max_output_tokens`). */
export interface ResponsesCodec extends EndpointCodec {
  withCompletionCap(request: EndpointRequest, cap: number): EndpointRequest;
}

/**
 * POST /v1/responses: an openai-type provider flagged `responses_api` gets the body as sent (only
 * the envelope is checked); any other provider gets it converted to Chat Completions and its
 * answer converted back. `previous_response_id` reads the responses kept in `repo`, the caller's
 * own only.
 */
export function createResponsesCodec(repo: ResponseRepository): ResponsesCodec {
  return {
    name: 'responses',
    acceptsApiKeyHeader: false,
    requestType: (stream) => (stream ? 'responses_stream' : 'responses'),
    parse: parseResponsesEnvelope,
    withCompletionCap: withResponsesCap,
    plan(request, route, ctx) {
      const fields = responsesFieldsOf(request.body);
      const memory = memoryOf(repo, ctx);
      const planWith = (previous: StoredResponse | null): UpstreamPlan => {
        const provider = route.entry.provider;
        if (provider.api_type === 'openai' && provider.responses_api) return responsesPassThroughPlan(request, route, memory, previous);
        return responsesConvertedPlan(request, route, ctx, memory, previous, fields.store);
      };
      // Only a follow-up reads the store; a first request is planned at once.
      if (fields.previousResponseId === null) return planWith(null);
      return findPrevious(memory, fields.previousResponseId).then(planWith);
    },
  };
}
