import type { ProviderTarget } from '../types';
import { stripTrailingSlashes } from '../openai/api';

/** Endpoint URLs and headers of the Anthropic Messages API. */

export const ANTHROPIC_VERSION = '2023-06-01';

/** `{base_url}/v1{path}`; a base URL that already ends in `/v1` does not get a second one. */
function anthropicUrl(baseUrl: string, path: string): string {
  const base = stripTrailingSlashes(baseUrl.trim());
  return /\/v1$/i.test(base) ? `${base}${path}` : `${base}/v1${path}`;
}

export function anthropicMessagesUrl(baseUrl: string): string {
  return anthropicUrl(baseUrl, '/messages');
}

export function anthropicCountTokensUrl(baseUrl: string): string {
  return anthropicUrl(baseUrl, '/messages/count_tokens');
}

/** Anthropic pages its model list; 1000 is the largest page it serves. */
export function anthropicModelsUrl(provider: ProviderTarget): string {
  return anthropicUrl(provider.base_url, '/models?limit=1000');
}

/** The client's `anthropic-beta` header (several values joined), or null when it sent none. */
function clientBeta(clientHeaders: Record<string, string | string[] | undefined>): string | null {
  const value = clientHeaders['anthropic-beta'];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined && joined.trim() !== '' ? joined : null;
}

export function anthropicHeaders(apiKey: string, clientHeaders: Record<string, string | string[] | undefined> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION, 'content-type': 'application/json' };
  const beta = clientBeta(clientHeaders);
  if (beta !== null) headers['anthropic-beta'] = beta;
  return headers;
}
