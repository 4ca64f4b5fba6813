import Big from 'big.js';
import { GatewayError } from '@aigw/shared-errors';
import { BUDGET_EPSILON } from '@aigw/store';

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

/** What a token-usage notice from the log-writer says was committed to the database. */
export interface CommitReport {
  request_ids: string[];
  /** The tokens whose amount_spent the notice carries. */
  token_ids: number[];
  /** The commit seq of the batch (Redis ledger); the notice's amounts include every commit up to it. */
  budget_seq?: number;
}

export { BUDGET_EPSILON };

/** Exact decimal comparison: is nothing (beyond the last unit kept) left? */
export function isUsedUp(remaining: number | Big): boolean {
  return new Big(remaining).lte(BUDGET_EPSILON);
}

/** max_amount - amount_spent - held in exact decimals, as a number with 10 places (null: unlimited). */
export function remainingOf(token: BudgetedToken, held: Big = new Big(0)): number | null {
  if (token.max_amount === null) return null;
  return Number(new Big(token.max_amount).minus(token.amount_spent).minus(held).toFixed(10));
}

/**
 * Holds money for requests in flight so parallel requests cannot together spend past a budget
 * (docs/SECURITY.md, Budgets). remaining = max_amount - amount_spent - held, where held covers requests
 * in flight and finished requests whose cost the database has not taken in yet.
 *
 * A request whose estimate fits in what remains holds its estimate. One that does not fit is served
 * only when no other request of the token is in flight: it then holds all that remains and its
 * charge is capped there (Reservation.clipped), so a sequential client is never refused before the
 * budget is used and a token never ends above its budget. While others are in flight it gets 402.
 */
export interface BudgetLedger {
  /** Remaining amount as this ledger sees it without asking anyone (null: unlimited). */
  remaining(token: BudgetedToken): number | null;
  /**
   * Holds min(estimate, remaining) for the request; throws insufficient_balance when nothing
   * remains. Returns undefined for unlimited tokens (nothing is held).
   */
  reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined>;
  /** Replaces the hold with the actual cost (0 releases it) as soon as the response ends. */
  settle(reservation: Reservation, actualCost: number): Promise<void>;
  /** The database now includes these requests' costs (and the snapshot the notice's amounts). */
  committed(report: CommitReport): void;
  /**
   * Called before the token snapshot is read again; the returned function after it is in place
   * (the Redis ledger notes which commits the new snapshot includes).
   */
  beforeReload?(): Promise<() => void>;
}

/** Standalone: one process, so the held amounts live in memory. */
export class InMemoryBudgetLedger implements BudgetLedger {
  private readonly heldByToken = new Map<number, Big>();
  private readonly inFlight = new Map<number, number>();
  /** requestId -> settled cost that the database has not yet reported as taken in. */
  private readonly uncommitted = new Map<string, { tokenId: number; amount: Big }>();

  remaining(token: BudgetedToken): number | null {
    return remainingOf(token, this.heldByToken.get(token.id));
  }

  async reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined> {
    const remaining = this.remaining(token);
    if (remaining === null) return undefined;
    if (isUsedUp(remaining)) throw insufficientBalance();
    const clipped = new Big(Math.max(estimate, 0)).gt(remaining);
    const running = this.inFlight.get(token.id) ?? 0;
    if (clipped && running > 0) throw insufficientBalance();
    const amount = clipped ? remaining : Math.max(estimate, 0);
    this.add(token.id, new Big(amount));
    this.inFlight.set(token.id, running + 1);
    return { tokenId: token.id, requestId, amount, clipped };
  }

  async settle(reservation: Reservation, actualCost: number): Promise<void> {
    const running = (this.inFlight.get(reservation.tokenId) ?? 1) - 1;
    if (running > 0) this.inFlight.set(reservation.tokenId, running);
    else this.inFlight.delete(reservation.tokenId);
    this.add(reservation.tokenId, new Big(actualCost).minus(reservation.amount));
    if (actualCost > 0) this.uncommitted.set(reservation.requestId, { tokenId: reservation.tokenId, amount: new Big(actualCost) });
  }

  committed(report: Pick<CommitReport, 'request_ids'>): void {
    for (const id of report.request_ids) {
      const entry = this.uncommitted.get(id);
      if (!entry) continue;
      this.uncommitted.delete(id);
      this.add(entry.tokenId, entry.amount.times(-1));
    }
  }

  private add(tokenId: number, delta: Big): void {
    const next = (this.heldByToken.get(tokenId) ?? new Big(0)).plus(delta);
    if (next.lte(0)) this.heldByToken.delete(tokenId);
    else this.heldByToken.set(tokenId, next);
  }
}

export function insufficientBalance(): GatewayError {
  return new GatewayError('insufficient_balance', 'token budget is used up (insufficient_balance)');
}
