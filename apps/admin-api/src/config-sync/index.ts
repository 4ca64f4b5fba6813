export { planConfigProviders, type PlannedModel, type PlannedProvider } from './plan';
export { syncConfigProviders, type ConfigSyncDeps } from './reconcile';
export { planConfigMcpServers, syncConfigMcpServers, type PlannedMcpServer } from './mcp-servers';
