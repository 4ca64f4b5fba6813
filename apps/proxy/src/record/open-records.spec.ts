import { OpenRecords } from './open-records';

describe('OpenRecords', () => {
  it('is settled at once when nothing is open', async () => {
    await expect(new OpenRecords().settled()).resolves.toBeUndefined();
  });

  it('settles only when every open record has closed, including ones opened while waiting', async () => {
    const open = new OpenRecords();
    open.open();
    let settled = false;
    const waiting = open.settled().then(() => (settled = true));
    open.open();
    open.close();
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(open.size).toBe(1);
    open.close();
    await waiting;
    expect(settled).toBe(true);
    expect(open.size).toBe(0);
  });

  it('gives up waiting after the timeout when one is given', async () => {
    const open = new OpenRecords();
    open.open();
    const started = Date.now();
    await open.settled(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(open.size).toBe(1);
  });
});
