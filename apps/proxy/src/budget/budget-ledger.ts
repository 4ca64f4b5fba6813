import { GatewayError } from '@aigw/shared-errors';

/** The part of a token the ledger needs. */
export interface BudgetedToken {
  id: number;
  max_amount: number | null;
  amount_spent: number;
}

export interface Reservation {
  tokenId: number;
  requestId: string;
  amount: number;
}

/**
 * Holds money for requests in flight so parallel requests cannot together spend past a budget
 * (DESIGN.md section 7). remaining = max_amount - amount_spent - held, where held covers requests
 * in flight and finished requests whose cost the database has not taken in yet.
 */
export interface BudgetLedger {
  /** Remaining amount as this ledger sees it (null: unlimited). */
  remaining(token: BudgetedToken): number | null;
  /**
   * Holds min(estimate, remaining) for the request; throws insufficient_balance when nothing
   * remains. Returns undefined for unlimited tokens (nothing is held).
   */
  reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined>;
  /** Replaces the hold with the actual cost (0 releases it) as soon as the response ends. */
  settle(reservation: Reservation, actualCost: number): Promise<void>;
  /** The database now includes these requests' costs: stop holding them. */
  committed(requestIds: string[]): void;
}

/** Standalone: one process, so the held amounts live in memory. */
export class InMemoryBudgetLedger implements BudgetLedger {
  private readonly heldByToken = new Map<number, number>();
  /** requestId -> settled cost that the database has not yet reported as taken in. */
  private readonly uncommitted = new Map<string, { tokenId: number; amount: number }>();

  remaining(token: BudgetedToken): number | null {
    if (token.max_amount === null) return null;
    return token.max_amount - token.amount_spent - (this.heldByToken.get(token.id) ?? 0);
  }

  async reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined> {
    const remaining = this.remaining(token);
    if (remaining === null) return undefined;
    if (remaining <= 0) throw insufficientBalance();
    const amount = Math.min(Math.max(estimate, 0), remaining);
    this.add(token.id, amount);
    return { tokenId: token.id, requestId, amount };
  }

  async settle(reservation: Reservation, actualCost: number): Promise<void> {
    this.add(reservation.tokenId, actualCost - reservation.amount);
    if (actualCost > 0) this.uncommitted.set(reservation.requestId, { tokenId: reservation.tokenId, amount: actualCost });
  }

  committed(requestIds: string[]): void {
    for (const id of requestIds) {
      const entry = this.uncommitted.get(id);
      if (!entry) continue;
      this.uncommitted.delete(id);
      this.add(entry.tokenId, -entry.amount);
    }
  }

  private add(tokenId: number, delta: number): void {
    const next = (this.heldByToken.get(tokenId) ?? 0) + delta;
    if (next <= 1e-12) this.heldByToken.delete(tokenId);
    else this.heldByToken.set(tokenId, next);
  }
}

export function insufficientBalance(): GatewayError {
  return new GatewayError('insufficient_balance', 'token budget is used up (insufficient_balance)');
}
