import type { LocalTime } from '@aigw/config';
import type { Provider } from '@aigw/store';

export interface ProviderCounts {
  keys: number;
  models: number;
}

export function presentProvider(p: Provider, time: LocalTime, counts: ProviderCounts) {
  return {
    id: p.id,
    name: p.name,
    api_type: p.api_type,
    base_url: p.base_url,
    models_endpoint: p.models_endpoint,
    key_strategy: p.key_strategy,
    enabled: p.enabled,
    responses_api: p.responses_api,
    key_count: counts.keys,
    model_count: counts.models,
    created_at: time.format(p.created_at),
    updated_at: time.format(p.updated_at),
  };
}
