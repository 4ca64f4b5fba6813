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
  /** True when the hold is what the token had left rather than the full estimate. */
  clipped: boolean;
}

/** Below this a budget counts as used up (the money columns keep 10 decimal places). */
export const BUDGET_EPSILON = 1e-9;

/**
 * Holds money for requests in flight so parallel requests cannot together spend past a budget
 * (DESIGN.md section 7). remaining = max_amount - amount_spent - held, where held covers requests
 * in flight and finished requests whose cost the database has not taken in yet.
 *
 * A request whose estimate fits in what remains holds its estimate. One that does not fit is served
 * only when no other request of the token is in flight: it then holds all that remains and its
 * charge is capped there (Reservation.clipped), so a sequential client is never refused before the
 * budget is used and a token never ends above its budget. While others are in flight it gets 402.
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
  private readonly inFlight = new Map<number, number>();
  /** requestId -> settled cost that the database has not yet reported as taken in. */
  private readonly uncommitted = new Map<string, { tokenId: number; amount: number }>();

  remaining(token: BudgetedToken): number | null {
    if (token.max_amount === null) return null;
    return token.max_amount - token.amount_spent - (this.heldByToken.get(token.id) ?? 0);
  }

  async reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined> {
    const remaining = this.remaining(token);
    if (remaining === null) return undefined;
    if (remaining <= BUDGET_EPSILON) throw insufficientBalance();
    const clipped = estimate > remaining;
    const running = this.inFlight.get(token.id) ?? 0;
    if (clipped && running > 0) throw insufficientBalance();
    const amount = clipped ? remaining : Math.max(estimate, 0);
    this.add(token.id, amount);
    this.inFlight.set(token.id, running + 1);
    return { tokenId: token.id, requestId, amount, clipped };
  }

  async settle(reservation: Reservation, actualCost: number): Promise<void> {
    const running = (this.inFlight.get(reservation.tokenId) ?? 1) - 1;
    if (running > 0) this.inFlight.set(reservation.tokenId, running);
    else this.inFlight.delete(reservation.tokenId);
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
