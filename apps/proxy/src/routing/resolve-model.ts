import { GatewayError } from '@aigw/shared-errors';
import type { ProviderEntry, RoutingState } from '../state/routing-state';
import { orderTargets } from './target-order';

export interface Route {
  entry: ProviderEntry;
  /** The id the upstream knows. */
  upstreamModel: string;
  /** `provider/model`, the canonical name used in allow-lists and /v1/models. */
  canonical: string;
  /** The alias the client used, if any. */
  alias: string | null;
  /**
   * The alias's other targets, in the order they are tried when this one fails before its first
   * byte (fallbacks across providers); empty for a model named directly or a one-target alias.
   */
  fallbacks: Route[];
}

/**
 * Resolves a client's model name (README, Routing): an alias first (its targets ordered by
 * priority, then weight: the first available one is the route, the others its fallbacks); then
 * `provider/rest` when the prefix is a provider name (rest may contain `/`); else a bare id in
 * the catalog (ties go to the provider first by name).
 */
export function resolveModel(model: string, state: RoutingState, random: () => number = Math.random): Route {
  const targets = state.aliases.get(model);
  if (targets !== undefined) {
    const routes = orderTargets(targets, random)
      .map((t) => resolveDirect(t.model, state))
      .filter((r): r is Route => r !== undefined)
      .map((r) => withAlias(r, model));
    const [first, ...fallbacks] = routes;
    if (!first) {
      const named = targets.map((t) => `"${t.model}"`).join(', ');
      throw new GatewayError('model_not_found', `alias "${model}" points to ${named}, which ${targets.length > 1 ? 'are' : 'is'} not available`, { param: 'model' });
    }
    first.fallbacks = fallbacks;
    return first;
  }
  const route = resolveDirect(model, state);
  if (route) return route;
  const slash = model.indexOf('/');
  if (slash > 0) {
    throw new GatewayError('model_not_found', `model "${model}" not found: "${model.slice(0, slash)}" is not a provider and the id is not in the catalog`, { param: 'model' });
  }
  throw new GatewayError('model_not_found', `model "${model}" not found`, { param: 'model' });
}

/*
 * A copy with the alias set, not a spread with it added: in Node 20 a spread with a property added
 * makes a new hidden class per call on the request path. Copied whole, so a field Route gains is kept.
 */
function withAlias(route: Route, alias: string): Route {
  const aliased = Object.assign({}, route);
  aliased.alias = alias;
  return aliased;
}

function resolveDirect(model: string, state: RoutingState): Route | undefined {
  const slash = model.indexOf('/');
  if (slash > 0) {
    const entry = state.providers.get(model.slice(0, slash));
    const rest = model.slice(slash + 1);
    if (entry && rest.length > 0) return { entry, upstreamModel: rest, canonical: model, alias: null, fallbacks: [] };
  }
  const owners = state.catalog.get(model);
  const entry = owners?.[0] !== undefined ? state.providers.get(owners[0]) : undefined;
  if (entry) return { entry, upstreamModel: model, canonical: `${entry.provider.name}/${model}`, alias: null, fallbacks: [] };
  return undefined;
}

/**
 * An allow-list entry names a model as the client may write it: an alias, `provider/model`, or a
 * bare id (which then allows that id on any provider).
 */
export function isModelAllowed(allowed: string[] | null, requested: string, route: Route): boolean {
  if (allowed === null) return true;
  return allowed.includes(requested) || allowed.includes(route.canonical) || allowed.includes(route.upstreamModel);
}
