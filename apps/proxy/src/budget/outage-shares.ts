import { InMemoryBudgetLedger, remainingOf, type BudgetedToken, type Reservation } from './budget-ledger';

/**
 * What one proxy may spend per token while Redis is unreachable: its share of what remained,
 * remaining / live proxies, with remaining the smaller of what Redis said at this proxy's last hold
 * and what its snapshot says, and live proxies as the heartbeats last seen. Every proxy keeping to
 * its share keeps the token within its budget as the proxies last saw it. Holds, settled costs and
 * the clipped-hold rule work as in memory, against the share.
 */
export class OutageShares {
  private readonly ledger = new InMemoryBudgetLedger();
  private readonly shares = new Map<number, number>();

  constructor(private readonly liveProxies: number) {}

  private share(token: BudgetedToken, lastRemaining: number | undefined): number {
    let share = this.shares.get(token.id);
    if (share === undefined) {
      const snapshot = remainingOf(token) ?? 0;
      const base = Math.max(0, Math.min(lastRemaining ?? snapshot, snapshot));
      share = Number((base / Math.max(1, this.liveProxies)).toFixed(10));
      this.shares.set(token.id, share);
    }
    return share;
  }

  reserve(token: BudgetedToken, estimate: number, requestId: string, lastRemaining: number | undefined): Promise<Reservation | undefined> {
    return this.ledger.reserve({ id: token.id, max_amount: this.share(token, lastRemaining), amount_spent: 0 }, estimate, requestId);
  }

  settle(reservation: Reservation, actualCost: number): Promise<void> {
    return this.ledger.settle(reservation, actualCost);
  }

  /** What is left of the token's share (undefined: the outage has not touched this token yet). */
  remaining(tokenId: number): number | undefined {
    const share = this.shares.get(tokenId);
    if (share === undefined) return undefined;
    return this.ledger.remaining({ id: tokenId, max_amount: share, amount_spent: 0 }) ?? undefined;
  }
}
