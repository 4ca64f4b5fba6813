import type { Usage } from '@aigw/usage';
import { nonEmptyString } from '../json.util';
import { extractUsage, lastKeyValue } from '../usage';
import type { EmbeddingsCall, UpstreamRequest } from '../types';
import { openAiHeaders, stripTrailingSlashes } from './api';

/** What the gateway reads of an embeddings answer; the answer itself reaches the client as it came. */
export interface EmbeddingsAnswer {
  usage: Usage | null;
  responseModel: string | null;
}

/** The client's body with only `model` replaced (`encoding_format`, `dimensions`, `user` as sent), to `{url}`. */
export function buildEmbeddingsRequest(url: string, call: EmbeddingsCall, apiKey: string): UpstreamRequest {
  return { url, headers: openAiHeaders(apiKey, 'application/json'), body: JSON.stringify({ ...call.body, model: call.upstreamModel }) };
}

/** `{base_url}/embeddings`, as OpenAI-compatible SDKs call it. */
export function buildOpenAiEmbeddingsRequest(call: EmbeddingsCall, apiKey: string): UpstreamRequest {
  return buildEmbeddingsRequest(`${stripTrailingSlashes(call.provider.base_url)}/embeddings`, call, apiKey);
}

/**
 * Usage (`prompt_tokens`, `total_tokens`) and model of an OpenAI-shaped embeddings answer, read
 * without parsing the vectors (see lastKeyValue).
 */
export function readEmbeddingsAnswer(bytes: Buffer): EmbeddingsAnswer {
  const usage = lastKeyValue(bytes, 'usage');
  return { usage: usage === undefined ? null : extractUsage({ usage }), responseModel: nonEmptyString(lastKeyValue(bytes, 'model')) };
}
