export * from './types';
export * from './mcp-types';
export {
  isMcpServerName,
  MCP_SERVER_NAME,
  MCP_SERVER_NAME_MAX,
  MCP_TOOL_NAME_MAX,
  mcpAllowEntryProblem,
  mcpServerNameProblem,
  parseMcpAllowEntry,
  type McpAllowEntry,
} from './mcp-names';
export { headerValueHint, type McpServerRepository } from './repositories/mcp-server.repository';
export { checkMcpServer, normalisePrice as normaliseMcpPrice } from './repositories/mcp-server-check';
export { createStore, type Store, type StoreOptions } from './store';
export { ADMIN_TOKEN_SETTING, generateTokenKey, keyHint, randomBase62, sameSha256Hex, sha256Hex } from './keys.util';
export { charLength, hasControlChars } from './text.util';
export { KeyCipher } from './cipher';
export type { OnUnreadableRow, UnreadableRow } from './repositories/unreadable-rows';
export { BUDGET_EPSILON, budgetReached, money, moneyLeft } from './money';
export { DuplicateKeysError, isStoreError, StoreError, type DuplicateKey, type StoreErrorKind } from './store-error';
export { tokenStatus, type TokenStatus, type TokenStatusFields } from './token-status';
export type { Dialect } from './connection';
export type { ProviderRepository, RemovedWithProvider } from './repositories/provider.repository';
export type { KeyRepository } from './repositories/key.repository';
export type { ModelRepository } from './repositories/model.repository';
export type { AliasRepository } from './repositories/alias.repository';
export type { PriceRepository } from './repositories/price.repository';
export type { TokenRepository } from './repositories/token.repository';
export type { RequestLogRepository } from './repositories/request-log.repository';
export type { ResponseRepository } from './repositories/response.repository';
export type { AdminLogRepository } from './repositories/admin-log.repository';
export type { SettingRepository } from './repositories/setting.repository';
export type {
  StatsRepository,
  StatsUnit,
  StatsBucketRow,
  StatsTopModelRow,
  StatsTopTokenRow,
  StatsUpstreamErrorRow,
} from './repositories/stats.repository';
export { createStoreFromConfig } from './from-config';
export { isStoreBusy } from './db-errors';
