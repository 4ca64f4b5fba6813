import type { ProviderTarget } from '../types';

/** Endpoint URLs and headers of an OpenAI-compatible upstream. */

export const DEFAULT_MODELS_ENDPOINT = '/models';

export function stripTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

export function openAiChatUrl(baseUrl: string): string {
  return `${stripTrailingSlashes(baseUrl)}/chat/completions`;
}

/** `{base_url}{models_endpoint}`; an absolute models_endpoint is taken as it is. */
export function openAiModelsUrl(provider: ProviderTarget): string {
  const endpoint = provider.models_endpoint ?? DEFAULT_MODELS_ENDPOINT;
  if (/^https?:\/\//i.test(endpoint)) return endpoint;
  const path = endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
  return `${stripTrailingSlashes(provider.base_url)}${path}`;
}

export function openAiHeaders(apiKey: string, accept: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept };
}

export function openAiChatHeaders(apiKey: string, stream: boolean): Record<string, string> {
  return openAiHeaders(apiKey, stream ? 'text/event-stream' : 'application/json');
}
