import type { McpAllowList } from '@aigw/mcp';
import type { Logger } from '@aigw/telemetry';
import type { Principal } from '../auth/authenticate';
import type { BudgetLedger } from '../budget/budget-ledger';
import type { RequestRecord } from '../record/request-record';
import type { McpGateway } from './mcp-gateway';

/** One MCP HTTP request as the handlers see it. */
export interface McpRequestContext {
  gateway: McpGateway;
  ledger: BudgetLedger;
  logger: Logger;
  principal: Principal;
  allow: McpAllowList;
  /** null: the aggregated /mcp; else the one server of /mcp/<server>. */
  server: string | null;
  record: RequestRecord;
  /** The currency rows are priced in (`billing.currency`). */
  currency: string;
}

/** The servers the request may reach, in stable order (only the path's one on /mcp/<server>). */
export function serversInScope(ctx: McpRequestContext): string[] {
  if (ctx.server !== null) return [ctx.server];
  return ctx.gateway.pool.serverNames().filter((name) => ctx.allow.reaches(name));
}
