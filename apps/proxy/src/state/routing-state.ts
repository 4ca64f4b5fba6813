import type { TokenUsageState } from '@aigw/events';
import { sha256Hex, type Alias, type AliasTarget, type CatalogModel, type ModelPrice, type Provider, type ProviderKeyWithSecret, type RoutingData, type Token } from '@aigw/store';

export interface ProviderEntry {
  provider: Provider;
  /** Enabled keys not marked invalid, in id order. */
  keys: ProviderKeyWithSecret[];
  /** Next index for round_robin; per process, not persisted. Mutable: advanced by every pick. */
  cursor: number;
}

/**
 * Everything the chat path reads, built from one store read. The data plane answers from it without
 * touching the database; a reload builds a new one (carrying the cursors and the newer token amounts
 * over). Fixed for the life of one state: the providers and their keys, the catalog, the aliases and
 * the prices. Changed in place, and only these: each provider's round-robin `cursor` (the key
 * picker) and the tokens' spending and enabled state (applyTokenUsage, after a debit).
 */
export class RoutingState {
  readonly providers = new Map<string, ProviderEntry>();
  /** Bare model id -> provider names that expose it, sorted by name. */
  readonly catalog = new Map<string, string[]>();
  readonly catalogModels: CatalogModel[];
  /** Alias -> its targets as stored (tried in the order orderTargets gives). */
  readonly aliases = new Map<string, AliasTarget[]>();
  readonly aliasList: Alias[];
  private readonly prices = new Map<string, ModelPrice>();
  /** Catalog output caps (max_output_tokens) by provider and model id; models without one are absent. */
  private readonly outputCaps = new Map<string, number>();
  /** Tokens by key_hash: the database holds no keys, so a presented key is found by its hash. */
  private readonly tokensByHash = new Map<string, Token>();
  private readonly hashById = new Map<number, string>();

  constructor(
    data: RoutingData,
    tokens: Token[],
    readonly adminTokenHash: string | undefined,
    previous?: RoutingState,
  ) {
    for (const provider of data.providers) {
      if (!provider.enabled) continue;
      const keys = data.keys.filter((k) => k.provider_id === provider.id && k.enabled && !k.invalid).sort((a, b) => a.id - b.id);
      const cursor = previous?.providers.get(provider.name)?.cursor ?? 0;
      this.providers.set(provider.name, { provider, keys, cursor });
    }
    const names = new Map(data.providers.map((p) => [p.id, p.name]));
    this.catalogModels = data.models.filter((m) => this.providers.has(names.get(m.provider_id) ?? ''));
    for (const model of this.catalogModels) {
      const list = this.catalog.get(model.model_id) ?? [];
      list.push(model.provider);
      this.catalog.set(model.model_id, list);
      if (model.max_output_tokens !== null) this.outputCaps.set(priceKey(model.provider, model.model_id), model.max_output_tokens);
    }
    for (const list of this.catalog.values()) list.sort();
    this.aliasList = data.aliases;
    for (const alias of data.aliases) this.aliases.set(alias.alias, alias.targets);
    for (const price of data.prices) this.prices.set(priceKey(price.provider, price.model_id), price);
    for (const token of tokens) {
      // A debit reported while this state was being read may be newer than the rows read; debits
      // only grow amounts, so the larger one is the truth, unless an operator changed the token
      // since (updated_at moved: a reset of its spending lowers the amount). By id, not hash: a
      // rotated key keeps the token's spending.
      const before = previous?.tokenById(token.id);
      const unchanged = before && before.updated_at.getTime() === token.updated_at.getTime();
      const spent = unchanged ? Math.max(before.amount_spent, token.amount_spent) : token.amount_spent;
      this.tokensByHash.set(token.key_hash, spent === token.amount_spent ? token : { ...token, amount_spent: spent });
      this.hashById.set(token.id, token.key_hash);
    }
  }

  price(provider: string, model: string): ModelPrice | undefined {
    return this.prices.get(priceKey(provider, model));
  }

  /** The catalog's max_output_tokens of a provider's model, or null when it has none (or is not in the catalog). */
  outputCap(provider: string, model: string): number | null {
    return this.outputCaps.get(priceKey(provider, model)) ?? null;
  }

  isInCatalog(provider: string, model: string): boolean {
    return this.catalog.get(model)?.includes(provider) ?? false;
  }

  /** The token a presented credential is the key of. */
  token(credential: string): Token | undefined {
    return this.tokenByHash(sha256Hex(credential));
  }

  /** The token whose key hashes to `hash` (sha256 hex). */
  tokenByHash(hash: string): Token | undefined {
    return this.tokensByHash.get(hash);
  }

  tokenById(id: number): Token | undefined {
    const hash = this.hashById.get(id);
    return hash === undefined ? undefined : this.tokensByHash.get(hash);
  }

  /**
   * Applies a token's state as the log-writer read it after a debit, without a reload. A notice
   * read before an operator's change this snapshot has (older updated_at) is stale and ignored:
   * it would bring back the spending and the 'exhausted' state a reset or top-up removed. With the
   * same updated_at only debits lie between the two reads, so the larger amount is the later one;
   * a newer one was read after a change this snapshot lacks, so it stands as read.
   */
  applyTokenUsage(usage: TokenUsageState): void {
    const token = this.tokenById(usage.id);
    if (!token) return;
    const known = token.updated_at.getTime();
    if (usage.updated_at !== undefined && usage.updated_at < known) return;
    const newer = usage.updated_at !== undefined && usage.updated_at > known;
    const updated: Token = {
      ...token,
      amount_spent: newer ? usage.amount_spent : Math.max(token.amount_spent, usage.amount_spent),
      enabled: usage.enabled,
      disabled_reason: usage.disabled_reason,
      ...(newer ? { updated_at: new Date(usage.updated_at!) } : {}),
    };
    this.tokensByHash.set(token.key_hash, updated);
  }
}

function priceKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}
