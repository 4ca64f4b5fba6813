import type { AliasTarget, Provider, ProviderKeyWithSecret, RoutingData, Token } from '@aigw/store';
import { RoutingState } from '../src/state/routing-state';

const epoch = new Date('2026-01-01T00:00:00Z');

/** Builds a RoutingState from a compact description (unit tests only). */
export function stateOf(spec: {
  providers: { name: string; strategy?: Provider['key_strategy']; keys?: string[]; models?: string[] }[];
  aliases?: Record<string, string | AliasTarget[]>;
  tokens?: Token[];
}): RoutingState {
  const data: RoutingData = { providers: [], keys: [], models: [], aliases: [], prices: [] };
  let keyId = 1;
  spec.providers.forEach((p, i) => {
    const id = i + 1;
    data.providers.push({ id, name: p.name, api_type: 'openai', base_url: 'http://x/v1', models_endpoint: null, key_strategy: p.strategy ?? 'first', enabled: true, responses_api: false, created_at: epoch, updated_at: epoch });
    for (const key of p.keys ?? ['k']) {
      const k: ProviderKeyWithSecret = { id: keyId++, provider_id: id, key, key_hint: key, enabled: true, invalid: null, created_at: epoch };
      data.keys.push(k);
    }
    for (const m of p.models ?? []) data.models.push({ id: data.models.length + 1, provider_id: id, provider: p.name, model_id: m, max_output_tokens: null, unlisted: false, created_at: epoch });
  });
  for (const [alias, target] of Object.entries(spec.aliases ?? {})) {
    const targets = typeof target === 'string' ? [{ model: target, priority: 0, weight: 1 }] : target;
    data.aliases.push({ alias, target: targets[0]!.model, targets });
  }
  return new RoutingState(data, spec.tokens ?? [], undefined);
}
