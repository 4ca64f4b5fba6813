import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../auth/auth';
import type { Alias, ApiType, CatalogModel, List, McpServer, Price, Provider, Stats, StatsRange, Token } from './types';

/** Query keys of the lists pages share; a change invalidates what it touched. */
export const KEYS = {
  providers: ['providers'],
  apiTypes: ['api-types'],
  models: ['models'],
  aliases: ['aliases'],
  prices: ['prices'],
  tokens: ['tokens'],
  mcpServers: ['mcp-servers'],
  stats: (range: StatsRange) => ['stats', range],
} as const;

function useList<T>(key: readonly unknown[], path: string) {
  const client = useClient();
  return useQuery({ queryKey: key, queryFn: async () => (await client.get<List<T>>(path)).data });
}

export const useProviders = () => useList<Provider>(KEYS.providers, '/providers');
export const useApiTypes = () => useList<ApiType>(KEYS.apiTypes, '/api-types');
export const useModels = () => useList<CatalogModel>(KEYS.models, '/models');
export const useAliases = () => useList<Alias>(KEYS.aliases, '/aliases');
export const usePrices = () => useList<Price>(KEYS.prices, '/prices');
export const useTokens = () => useList<Token>(KEYS.tokens, '/tokens');
export const useMcpServers = () => useList<McpServer>(KEYS.mcpServers, '/mcp-servers');

/** Every read is an admin_logs row, so the overview refreshes on visits and window focus, not on a timer. */
export function useStats(range: StatsRange, staleTime = 0) {
  const client = useClient();
  return useQuery({ queryKey: KEYS.stats(range), queryFn: () => client.get<Stats>(`/stats?range=${range}`), staleTime });
}

/** The gateway's time zone and currency (from the stats answer, read once), for labels. */
export function useGatewayInfo(): { timezone: string; currency: string } {
  const stats = useStats('24h', Infinity);
  return { timezone: stats.data?.timezone ?? '', currency: stats.data?.currency ?? '' };
}

/** Invalidates the given lists (and the overview) after a change. */
export function useRefresh(): (...keys: (readonly unknown[])[]) => Promise<void> {
  const queryClient = useQueryClient();
  return async (...keys) => {
    await Promise.all([...keys, ['stats']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}
