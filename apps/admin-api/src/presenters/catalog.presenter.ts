import type { LocalTime } from '@aigw/config';
import type { Alias, CatalogModel, ModelPrice } from '@aigw/store';
import { money } from './money';

export function presentCatalogModel(m: CatalogModel, time: LocalTime, priceSet: boolean) {
  return {
    id: `${m.provider}/${m.model_id}`,
    provider: m.provider,
    model: m.model_id,
    max_output_tokens: m.max_output_tokens,
    unlisted: m.unlisted,
    price_set: priceSet,
    created_at: time.format(m.created_at),
  };
}

export function presentPrice(p: ModelPrice, time: LocalTime) {
  return {
    provider: p.provider,
    model: p.model_id,
    prompt_per_million: money(p.prompt_per_million),
    completion_per_million: money(p.completion_per_million),
    cached_prompt_per_million: p.cached_prompt_per_million === null ? null : money(p.cached_prompt_per_million),
    currency: p.currency,
    updated_at: time.format(p.updated_at),
  };
}

export function presentAlias(a: Alias) {
  return { alias: a.alias, target: a.target, targets: a.targets.map((t) => ({ model: t.model, priority: t.priority, weight: t.weight })) };
}
