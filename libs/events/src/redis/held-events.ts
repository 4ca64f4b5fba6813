import type { UsageEvent } from '../usage-event';

export interface Held {
  /** Emit order, so an event whose add failed late still goes back in its place. */
  seq: number;
  event: UsageEvent;
}

/** Usage events waiting for Redis, oldest first in emit order, at most `max` of them. */
export class HeldEvents {
  private entries: Held[] = [];

  constructor(private readonly max: number) {}

  get length(): number {
    return this.entries.length;
  }

  /** Puts the entry in emit order (an add that failed late goes before later events); false when full. */
  add(entry: Held): boolean {
    if (this.entries.length >= this.max) return false;
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.seq > entry.seq) i -= 1;
    this.entries.splice(i, 0, entry);
    return true;
  }

  /** The oldest n entries; they stay held until remove(). */
  head(n: number): Held[] {
    return this.entries.slice(0, n);
  }

  /** Removes exactly these entries (entries that failed late may have been put in front meanwhile). */
  remove(sent: Held[]): void {
    if (sent.every((h, i) => this.entries[i] === h)) {
      this.entries.splice(0, sent.length);
      return;
    }
    const gone = new Set(sent);
    this.entries = this.entries.filter((h) => !gone.has(h));
  }

  /** Removes and returns every held event. */
  takeAll(): UsageEvent[] {
    return this.entries.splice(0).map((h) => h.event);
  }
}
