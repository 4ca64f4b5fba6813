export { createAdminRouter, createAdminApp } from './app';
export type { AdminDeps } from './context';
export { adminTokenNotice, applyAdminToken, mintAdminToken, ADMIN_TOKEN_SETTING } from './auth/admin-token';
export { OPERATIONS, type Operation } from './audit/operations';
export { consoleRouter, consoleDistDir, type ConsoleOptions } from './console/console-router';
export { planConfigProviders, syncConfig, syncConfigProviders, type ConfigSyncResult, type PlannedProvider, type ConfigSyncDeps } from './config-sync';
export { planConfigMcpServers, syncConfigMcpServers, type PlannedMcpServer } from './config-sync';
