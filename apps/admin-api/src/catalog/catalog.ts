import type { CatalogModel, Store } from '@aigw/store';

/**
 * The catalog as model references resolve against it: `provider/model` (the model id may itself
 * contain "/") or a bare id offered by any provider.
 */
export class Catalog {
  private readonly qualified = new Set<string>();
  private readonly bare = new Set<string>();

  constructor(readonly models: CatalogModel[]) {
    for (const m of models) {
      this.qualified.add(`${m.provider}/${m.model_id}`);
      this.bare.add(m.model_id);
    }
  }

  has(ref: string): boolean {
    return this.qualified.has(ref) || this.bare.has(ref);
  }

  idsOf(providerId: number): Set<string> {
    return new Set(this.models.filter((m) => m.provider_id === providerId).map((m) => m.model_id));
  }
}

export async function loadCatalog(store: Store): Promise<Catalog> {
  return new Catalog(await store.models.list());
}

/** Refs (deduplicated, in order) that are neither in the catalog nor an alias. */
export async function unknownModelRefs(store: Store, refs: string[]): Promise<string[]> {
  const [catalog, aliases] = await Promise.all([loadCatalog(store), store.aliases.list()]);
  const aliasNames = new Set(aliases.map((a) => a.alias));
  return [...new Set(refs)].filter((ref) => !catalog.has(ref) && !aliasNames.has(ref));
}

export function quoteList(items: string[]): string {
  return items.map((i) => `"${i}"`).join(', ');
}
