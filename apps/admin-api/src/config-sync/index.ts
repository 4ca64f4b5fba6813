export { planConfigProviders, type PlannedModel, type PlannedProvider } from './plan';
export { syncConfigProviders, type ConfigSyncDeps } from './reconcile';
export { syncConfigAliases } from './aliases';
export { syncConfig, type ConfigSyncResult } from './sync';
export { planConfigMcpServers, syncConfigMcpServers, type PlannedMcpServer } from './mcp-servers';
