import Big from 'big.js';
import { GatewayError } from '@aigw/shared-errors';
import { BUDGET_EPSILON } from '@aigw/store';
import { exactOf, isAtMostZero, minusAmount, plusAmount, roundedNumber, ZERO_AMOUNT, type ExactAmount } from '@aigw/usage';

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

const EPSILON = Number(BUDGET_EPSILON);

/*
 * Amounts held in memory are exact decimals (ExactAmount: BigInt digits, read from a number's
 * shortest round-trip form as big.js would read it). Comparisons of two finite numbers need no
 * decimals: that form is strictly increasing with the number, so comparing the numbers gives the
 * answer comparing their decimals would (BUDGET_EPSILON's shortest form is itself).
 */

/** Exact decimal comparison: is nothing (beyond the last unit kept) left? */
export function isUsedUp(remaining: number): boolean {
  if (Number.isFinite(remaining)) return remaining <= EPSILON;
  return new Big(remaining).lte(BUDGET_EPSILON);
}

/** a > b as decimals (big.js throws for a number that is not finite, as before). */
function exceeds(a: number, b: number): boolean {
  if (Number.isFinite(a) && Number.isFinite(b)) return a > b;
  return new Big(a).gt(b);
}

/** max_amount - amount_spent of one token snapshot, in decimals and as remainingOf's number. */
interface Headroom {
  max: number;
  spent: number;
  left: ExactAmount;
  rounded: number;
  /** The last held amount remainingOf was asked with (amounts never change) and its answer. */
  lastHeld?: ExactAmount;
  lastRemaining?: number;
}

/**
 * The last headroom computed per token object, recomputed when its amounts change: the token's
 * amounts change once per usage notice while every request reads them (the token check and the hold).
 */
const headrooms = new WeakMap<BudgetedToken, Headroom>();

function headroomOf(token: BudgetedToken & { max_amount: number }): Headroom {
  const known = headrooms.get(token);
  if (known !== undefined && Object.is(known.max, token.max_amount) && Object.is(known.spent, token.amount_spent)) return known;
  const left = minusAmount(exactOf(token.max_amount), exactOf(token.amount_spent));
  const headroom = { max: token.max_amount, spent: token.amount_spent, left, rounded: roundedNumber(left, 10) };
  headrooms.set(token, headroom);
  return headroom;
}

/** max_amount - amount_spent - held in exact decimals, as a number with 10 places (null: unlimited). */
export function remainingOf(token: BudgetedToken, held?: ExactAmount): number | null {
  if (token.max_amount === null) return null;
  const headroom = headroomOf(token as BudgetedToken & { max_amount: number });
  if (held === undefined) return headroom.rounded;
  // The token check and the hold of one request ask with the same held amount.
  if (held === headroom.lastHeld) return headroom.lastRemaining!;
  const remaining = roundedNumber(minusAmount(headroom.left, held), 10);
  headroom.lastHeld = held;
  headroom.lastRemaining = remaining;
  return remaining;
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
  private readonly heldByToken = new Map<number, ExactAmount>();
  private readonly inFlight = new Map<number, number>();
  /** requestId -> settled cost that the database has not yet reported as taken in. */
  private readonly uncommitted = new Map<string, { tokenId: number; amount: ExactAmount }>();
  /** Each open reservation's amount as read into decimals at reserve, so settle need not read it again. */
  private readonly holds = new WeakMap<Reservation, { amount: number; held: ExactAmount }>();

  remaining(token: BudgetedToken): number | null {
    return remainingOf(token, this.heldByToken.get(token.id));
  }

  /** Not async: the answer is known at once, so it is a settled promise (a refusal a rejected one). */
  reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined> {
    try {
      return Promise.resolve(this.reserveNow(token, estimate, requestId));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private reserveNow(token: BudgetedToken, estimate: number, requestId: string): Reservation | undefined {
    const remaining = this.remaining(token);
    if (remaining === null) return undefined;
    if (isUsedUp(remaining)) throw insufficientBalance();
    const wanted = Math.max(estimate, 0);
    const clipped = exceeds(wanted, remaining);
    const running = this.inFlight.get(token.id) ?? 0;
    if (clipped && running > 0) throw insufficientBalance();
    const amount = clipped ? remaining : wanted;
    const held = exactOf(amount);
    this.add(token.id, held);
    this.inFlight.set(token.id, running + 1);
    const reservation = { tokenId: token.id, requestId, amount, clipped };
    this.holds.set(reservation, { amount, held });
    return reservation;
  }

  /** Not async, as reserve. */
  settle(reservation: Reservation, actualCost: number): Promise<void> {
    try {
      this.settleNow(reservation, actualCost);
      return SETTLED;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private settleNow(reservation: Reservation, actualCost: number): void {
    const running = (this.inFlight.get(reservation.tokenId) ?? 1) - 1;
    if (running > 0) this.inFlight.set(reservation.tokenId, running);
    else this.inFlight.delete(reservation.tokenId);
    const hold = this.holds.get(reservation);
    this.holds.delete(reservation);
    const held = hold !== undefined && Object.is(hold.amount, reservation.amount) ? hold.held : exactOf(reservation.amount);
    const cost = exactOf(actualCost);
    this.add(reservation.tokenId, minusAmount(cost, held));
    if (actualCost > 0) this.uncommitted.set(reservation.requestId, { tokenId: reservation.tokenId, amount: cost });
  }

  committed(report: Pick<CommitReport, 'request_ids'>): void {
    for (const id of report.request_ids) {
      const entry = this.uncommitted.get(id);
      if (!entry) continue;
      this.uncommitted.delete(id);
      this.store(entry.tokenId, minusAmount(this.heldByToken.get(entry.tokenId) ?? ZERO_AMOUNT, entry.amount));
    }
  }

  private add(tokenId: number, delta: ExactAmount): void {
    this.store(tokenId, plusAmount(this.heldByToken.get(tokenId) ?? ZERO_AMOUNT, delta));
  }

  private store(tokenId: number, next: ExactAmount): void {
    if (isAtMostZero(next)) this.heldByToken.delete(tokenId);
    else this.heldByToken.set(tokenId, next);
  }
}

/** One settled promise for every settle of the in-memory ledger. */
const SETTLED: Promise<void> = Promise.resolve();

export function insufficientBalance(): GatewayError {
  return new GatewayError('insufficient_balance', 'token budget is used up (insufficient_balance)');
}
