/** The routing shapes: providers and their keys, the catalog, aliases, prices, the data plane's snapshot. */

import type { ApiType } from '@aigw/adapters';

export type KeyStrategy = 'first' | 'round_robin' | 'random';

export interface Provider {
  id: number;
  name: string;
  api_type: ApiType;
  base_url: string;
  models_endpoint: string | null;
  key_strategy: KeyStrategy;
  enabled: boolean;
  /** The upstream speaks the Responses API: POST /v1/responses passes through to it (openai type). */
  responses_api: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface NewProvider {
  name: string;
  api_type: ApiType;
  base_url: string;
  models_endpoint?: string | null;
  key_strategy?: KeyStrategy;
  enabled?: boolean;
  responses_api?: boolean;
}

export type ProviderPatch = Partial<Omit<NewProvider, 'name'>>;

export interface ProviderKey {
  id: number;
  provider_id: number;
  key_hint: string;
  /** false: disabled by the operator. */
  enabled: boolean;
  /** Set when the upstream called the key invalid (401/403); cleared when the operator re-enables it. */
  invalid: KeyInvalidMark | null;
  created_at: Date;
}

/** Why and when the gateway marked a key invalid; `message` is the upstream's, scrubbed of keys. */
export interface KeyInvalidMark {
  reason: string;
  message: string;
  at: Date;
}

/** A key with its plaintext, for the data plane's snapshot and `?reveal=true`. */
export interface ProviderKeyWithSecret extends ProviderKey {
  key: string;
}

export interface CatalogModel {
  id: number;
  provider_id: number;
  provider: string;
  model_id: string;
  /** Most output tokens a request to this model may ask; a request asking more is clamped. null: no cap. */
  max_output_tokens: number | null;
  /** Added with `unlisted: true`: served by the upstream although its /models does not list it. */
  unlisted: boolean;
  created_at: Date;
}

/** One target of an alias: requests go to the highest priority first, spread by weight within it. */
export interface AliasTarget {
  /** `provider/model` or a bare catalog id. */
  model: string;
  /** Higher is tried first. */
  priority: number;
  /** Share within its priority tier (relative to the others there). */
  weight: number;
}

export interface Alias {
  alias: string;
  /** The first target (highest priority, first listed): what an alias with one target names. */
  target: string;
  /** Every target, in the order given; an alias set by a plain string has the one target. */
  targets: AliasTarget[];
}


export interface ModelPrice {
  id: number;
  provider_id: number;
  provider: string;
  model_id: string;
  prompt_per_million: number;
  completion_per_million: number;
  cached_prompt_per_million: number | null;
  currency: string;
  updated_at: Date;
}

export interface NewPrice {
  provider_id: number;
  model_id: string;
  prompt_per_million: number;
  completion_per_million: number;
  cached_prompt_per_million?: number | null;
  currency: string;
}

/** Everything the data plane needs, read in one go for its in-memory snapshot. */
export interface RoutingData {
  providers: Provider[];
  keys: ProviderKeyWithSecret[];
  models: CatalogModel[];
  aliases: Alias[];
  prices: ModelPrice[];
}
