export { configSchema, parseDuration, parseSize, type AigwConfig, type AigwConfigInput } from './schema';
export { loadConfig, parseConfig, findConfigPath, envOverrides, ConfigError, type LoadConfigOptions } from './load';
export { LocalTime } from './local-time';
export { loadConfigOrExit } from './load-or-exit';
export { PROVIDER_NAME, ENV_KEY_PREFIX, resolveProviderKeys, type ConfigProvider, type ConfigProviderModel } from './providers';
export { mcpServerLabel, resolveMcpServerSecrets, type ConfigMcpServer, type ResolvedMcpServer } from './mcp';
