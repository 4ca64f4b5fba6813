import { getAdapter, type ProviderTarget } from '@aigw/adapters';
import type { ApiType } from '@aigw/store';

export interface ModelsRequest {
  url: string;
  headers: Record<string, string>;
}

/** How to list a provider's models upstream: the adapter's knowledge, with a fallback per api type. */
export interface ModelsSource {
  /** null when the provider has no models endpoint (ids are then accepted as given). */
  request(provider: ProviderTarget, apiKey: string): ModelsRequest | null;
  readIds(json: unknown): string[];
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `{data: [{id}, ...]}`, the shape of OpenAI's and Anthropic's lists. */
export function readDataIds(json: unknown): string[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.map((item) => (item as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id.length > 0);
}

// Used only while an api type has no adapter yet.
const FALLBACK: Record<ApiType, ModelsSource> = {
  openai: {
    request: (p, key) => ({ url: `${trimSlash(p.base_url)}${p.models_endpoint ?? '/models'}`, headers: { authorization: `Bearer ${key}` } }),
    readIds: readDataIds,
  },
  anthropic: {
    request: (p, key) => {
      const path = p.models_endpoint ?? '/v1/models';
      return {
        url: `${trimSlash(p.base_url)}${path}${path.includes('?') ? '&' : '?'}limit=1000`,
        headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      };
    },
    readIds: readDataIds,
  },
  zhipu: { request: () => null, readIds: () => [] },
};

export function modelsSourceFor(apiType: ApiType): ModelsSource {
  let adapter: ReturnType<typeof getAdapter>;
  try {
    adapter = getAdapter(apiType);
  } catch {
    return FALLBACK[apiType];
  }
  return {
    request: (provider, apiKey) => adapter.modelsRequest(provider, apiKey),
    readIds: (json) => adapter.readModelIds(json),
  };
}
