import type { ProviderAdapter } from './types';
import { openAiAdapter, stripTrailingSlashes } from './openai';
import { createAnthropicAdapter } from './anthropic';
import { zhipuAdapter } from './zhipu';

export interface AdapterOptions {
  /** The completion cap for upstreams that require one (config `limits.default_completion_cap`). */
  defaultMaxTokens?: number;
}

/** What the gateway knows of one provider type. */
interface RegistryEntry {
  /** The adapter, configured. Adapters are stateless; per-stream state lives in their relays. */
  adapter(options: AdapterOptions): ProviderAdapter;
  /** `gen_ai.system` of its spans (OpenTelemetry GenAI semantic conventions). */
  genAiSystem: string;
}

/**
 * The provider types: one entry each, and the only place they are listed. The store's type, the
 * admin schema, the console's form (through the admin API) and the telemetry derive from it.
 */
const REGISTRY = {
  openai: { adapter: () => openAiAdapter, genAiSystem: 'openai' },
  anthropic: { adapter: (options) => createAnthropicAdapter(options), genAiSystem: 'anthropic' },
  zhipu: { adapter: () => zhipuAdapter, genAiSystem: 'zhipu' },
} as const satisfies Record<string, RegistryEntry>;

/** A provider type the gateway has an adapter for. */
export type ApiType = keyof typeof REGISTRY;

/** Every provider type, in the order the registry lists them. */
export const API_TYPES = Object.freeze(Object.keys(REGISTRY)) as readonly ApiType[];

export function isApiType(value: string): value is ApiType {
  return Object.prototype.hasOwnProperty.call(REGISTRY, value);
}

/**
 * The adapter of a provider's api_type; an unknown type is an error.
 * `defaultMaxTokens` configures the anthropic adapter (others ignore it; default 4096).
 */
export function getAdapter(apiType: string, options: AdapterOptions = {}): ProviderAdapter {
  if (!isApiType(apiType)) throw new Error(`unknown api_type '${apiType}' (expected one of: ${API_TYPES.join(', ')})`);
  return REGISTRY[apiType].adapter(options);
}

/** `gen_ai.system` of a provider type; an unknown one is named as it is. */
export function genAiSystemOf(apiType: string): string {
  return isApiType(apiType) ? REGISTRY[apiType].genAiSystem : apiType;
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
