import type { UsageEvent } from '../usage-event';
import { HeldEvents, type Held } from './held-events';

const entry = (seq: number): Held => ({ seq, event: { request_id: `r${seq}` } as UsageEvent });
const ids = (events: UsageEvent[]) => events.map((e) => e.request_id);

describe('HeldEvents', () => {
  it('keeps emit order even when an older event comes back late, and refuses beyond max', () => {
    const held = new HeldEvents(3);
    expect(held.add(entry(2))).toBe(true);
    expect(held.add(entry(3))).toBe(true);
    expect(held.add(entry(1))).toBe(true);
    expect(held.add(entry(4))).toBe(false);
    expect(ids(held.takeAll())).toEqual(['r1', 'r2', 'r3']);
    expect(held.length).toBe(0);
  });

  it('removes exactly the entries sent, also when one was put in front meanwhile', () => {
    const held = new HeldEvents(10);
    for (const seq of [2, 3, 4]) held.add(entry(seq));
    const sent = held.head(2);
    held.add(entry(1));
    held.remove(sent);
    expect(ids(held.takeAll())).toEqual(['r1', 'r4']);
  });
});
