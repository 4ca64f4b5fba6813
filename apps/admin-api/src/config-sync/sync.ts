import { syncConfigAliases } from './aliases';
import { syncConfigMcpServers, type PlannedMcpServer } from './mcp-servers';
import type { PlannedProvider } from './plan';
import { syncConfigProviders, type ConfigSyncDeps } from './reconcile';

/** How many changes each table of the config file made at this start. */
export interface ConfigSyncResult {
  providers: number;
  aliases: number;
  mcpServers: number;
}

/**
 * The one reconciliation of the config file that standalone and the admin-api run at every start:
 * [[providers]] first (an alias may name their models), then [aliases], then [[mcp_servers]]. Each change is an
 * admin_logs row with actor `config`; nothing the API created is deleted.
 */
export async function syncConfig(
  deps: ConfigSyncDeps,
  plans: PlannedProvider[],
  mcpPlans: PlannedMcpServer[] = [],
): Promise<ConfigSyncResult> {
  const providers = await syncConfigProviders(deps, plans);
  const aliases = await syncConfigAliases(deps.store, deps.config.aliases, deps.logger);
  const mcpServers = await syncConfigMcpServers(deps, mcpPlans);
  return { providers, aliases, mcpServers };
}
