import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { PriceSnapshot } from '@aigw/usage';
import { insufficientBalance, type Reservation } from '../budget/budget-ledger';
import type { McpRequestContext } from './mcp-context';

/**
 * Runs a tools/call under its price (the server's tool_prices entry, else its call_price; none:
 * free). A token with a budget holds the whole price first, with the reservation rules of chat; a
 * price the token cannot cover in full is refused with insufficient_balance (a fixed price is never
 * cut short). The price is charged when the upstream answered the call (a tool error included: the
 * tool ran), never for a refusal, a timeout or an unreachable upstream. The row's price snapshot
 * carries it as `per_call`, so the log-writer, the metrics and the ledger compute the same cost.
 */
export async function chargedCall(ctx: McpRequestContext, server: string, tool: string, call: () => Promise<CallToolResult>): Promise<CallToolResult> {
  const price = ctx.gateway.priceOf(server, tool);
  if (price === null) return call();
  const amount = Number(price);
  let reservation: Reservation | undefined;
  if (ctx.principal.kind === 'client' && ctx.principal.token.max_amount !== null) {
    reservation = await ctx.ledger.reserve(ctx.principal.token, amount, ctx.record.requestId);
    if (reservation?.clipped) {
      await ctx.ledger.settle(reservation, 0);
      throw insufficientBalance();
    }
  }
  let charged = false;
  try {
    const result = await call();
    ctx.record.price = perCallPrice(price, ctx.currency);
    charged = true;
    return result;
  } finally {
    if (reservation) await ctx.ledger.settle(reservation, charged ? amount : 0);
  }
}

export function perCallPrice(price: string, currency: string): PriceSnapshot {
  return { prompt_per_million: '0', completion_per_million: '0', cached_prompt_per_million: null, currency, per_call: price };
}
