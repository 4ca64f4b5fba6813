import type { ApiType, ProviderAdapter } from './types';
import { openAiAdapter, stripTrailingSlashes } from './openai';
import { anthropicAdapter, createAnthropicAdapter } from './anthropic';
import { zhipuAdapter } from './zhipu';

// One line per provider type. Adapters are stateless; per-stream state lives in their relays.
const ADAPTERS: Readonly<Partial<Record<ApiType, ProviderAdapter>>> = {
  openai: openAiAdapter,
  anthropic: anthropicAdapter,
  zhipu: zhipuAdapter,
};

export interface AdapterOptions {
  /** The completion cap for upstreams that require one (config `limits.default_completion_cap`). */
  defaultMaxTokens?: number;
}

const KNOWN_API_TYPES: readonly string[] = ['openai', 'anthropic', 'zhipu'] satisfies ApiType[];

/**
 * The adapter of a provider's api_type; an unknown or not yet supported type is an error.
 * `defaultMaxTokens` configures the anthropic adapter (others ignore it; default 4096).
 */
export function getAdapter(apiType: string, options: AdapterOptions = {}): ProviderAdapter {
  if (apiType === 'anthropic' && options.defaultMaxTokens !== undefined) return createAnthropicAdapter(options);
  const adapter = (ADAPTERS as Partial<Record<string, ProviderAdapter>>)[apiType];
  if (adapter) return adapter;
  if (KNOWN_API_TYPES.includes(apiType)) throw new Error(`api_type '${apiType}' has no adapter yet`);
  throw new Error(`unknown api_type '${apiType}' (expected one of: ${KNOWN_API_TYPES.join(', ')})`);
}

export interface NormalizedBaseUrl {
  url: string;
  /** Set when the URL was changed in a way the operator should be told about. */
  note?: string;
}

/**
 * Trailing slashes are dropped for every type. An OpenAI base URL with no path at all gets `/v1`,
 * because OpenAI-compatible SDKs and servers put their routes under it.
 * A value that is not an absolute URL is returned as it is, for the caller's validation to reject.
 */
export function normalizeBaseUrl(apiType: string, url: string): NormalizedBaseUrl {
  const trimmed = stripTrailingSlashes(url.trim());
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { url: trimmed };
  }
  if (apiType === 'openai' && (parsed.pathname === '/' || parsed.pathname === '') && !parsed.search && !parsed.hash) {
    const withV1 = `${trimmed}/v1`;
    return { url: withV1, note: `base_url had no path; '/v1' was appended: ${withV1}` };
  }
  return { url: trimmed };
}
