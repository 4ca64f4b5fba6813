import { InMemoryMcpSessionStore, MCP_SESSION_TTL_SECONDS } from './mcp-sessions';

describe('InMemoryMcpSessionStore', () => {
  afterEach(() => jest.useRealTimers());

  it('knows a session only for the token and path that opened it, and forgets it on remove', async () => {
    const store = new InMemoryMcpSessionStore();
    const id = await store.create({ caller: '1', scope: '*' });
    expect(await store.check(id, { caller: '1', scope: '*' })).toBe(true);
    expect(await store.check(id, { caller: '2', scope: '*' })).toBe(false);
    expect(await store.check(id, { caller: '1', scope: 'github' })).toBe(false);
    expect(await store.remove(id, { caller: '2', scope: '*' })).toBe(false);
    expect(await store.remove(id, { caller: '1', scope: '*' })).toBe(true);
    expect(await store.check(id, { caller: '1', scope: '*' })).toBe(false);
  });

  it('forgets an idle session after the TTL, renews a used one, and sweeps expired ones', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const store = new InMemoryMcpSessionStore();
    const owner = { caller: 'admin', scope: '*' };
    const used = await store.create(owner);
    const idle = await store.create(owner);
    jest.setSystemTime(1_000_000 + (MCP_SESSION_TTL_SECONDS - 10) * 1000);
    expect(await store.check(used, owner)).toBe(true);
    jest.setSystemTime(1_000_000 + (MCP_SESSION_TTL_SECONDS + 10) * 1000);
    expect(await store.check(used, owner)).toBe(true);
    expect(await store.check(idle, owner)).toBe(false);
    for (let i = 0; i < 300; i += 1) await store.create({ caller: String(i), scope: '*' });
    jest.setSystemTime(1_000_000 + 3 * MCP_SESSION_TTL_SECONDS * 1000);
    for (let i = 0; i < 256; i += 1) await store.create(owner);
    expect(store.size).toBeLessThan(300);
  });
});
