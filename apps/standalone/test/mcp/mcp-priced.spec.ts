import Big from 'big.js';
import { MCP_STDIO_SERVER_SCRIPT, startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from '../harness';
import { connectClient, rejectionOf, textOf } from './mcp-client';

describe('MCP gateway: priced tools on the token budget, and a stdio server from the config file', () => {
  let gw: TestGateway;
  let paid: TestMcpHttpServer;

  beforeAll(async () => {
    gw = await startTestGateway({
      mcp: { call_timeout: '1s' },
      mcp_servers: [{ name: 'local', transport: 'stdio', command: process.execPath, args: [MCP_STDIO_SERVER_SCRIPT, 'local'], env: { MCP_TEST_VALUE: 'from-config' } }],
    });
    paid = await startTestMcpServer({ label: 'paid', transport: 'streamable_http' });
    await gw.store.mcpServers.create({ name: 'paid', transport: 'streamable_http', url: paid.url, call_price: '0.3', tool_prices: { fail: '0.05' } });
    await gw.proxy.deps.mcp.reload();
  });
  afterAll(async () => {
    await gw.close();
    await paid.close();
  });

  it('calls a priced tool until the budget cannot cover it, then refuses with insufficient_balance; spending equals the rows', async () => {
    const token = await gw.addToken({ max_amount: 1, mcp_allowed: ['paid'] });
    const client = await connectClient(gw.url, '/mcp', token.key);
    let answered = 0;
    let refusal: Awaited<ReturnType<typeof rejectionOf>> | undefined;
    for (let i = 0; i < 10 && !refusal; i += 1) {
      try {
        expect(textOf(await client.callTool({ name: 'paid__echo', arguments: { text: `n${i}` } }))).toBe(`paid: n${i}`);
        answered += 1;
      } catch (err) {
        refusal = err as typeof refusal;
      }
    }
    expect(answered).toBe(3);
    expect(refusal?.message).toContain('insufficient_balance');
    expect(refusal?.code).toBe(-32000);
    expect(refusal?.data).toEqual({ code: 'insufficient_balance' });
    expect(paid.calls.filter((c) => c.tool === 'echo')).toHaveLength(3);
    // The tool price overrides call_price: 0.05 still fits in what is left (0.1).
    expect((await client.callTool({ name: 'paid__fail', arguments: {} })).isError).toBe(true);
    await client.close();

    const rows = (await gw.logs()).filter((r) => r.token_id === token.id && r.request_type === 'mcp_call');
    expect(rows.map((r) => (r.amount_spent === null ? null : Number(r.amount_spent)))).toEqual([0.3, 0.3, 0.3, null, 0.05]);
    expect(rows[3]).toMatchObject({ status_code: 402, provider: 'paid', model: 'echo' });
    const sum = rows.reduce((acc, r) => acc.plus(r.amount_spent ?? 0), new Big(0));
    const stored = await gw.store.tokens.get(token.id);
    // SQLite keeps amount_spent as a REAL: the running sum may differ from the exact one in the 16th digit.
    expect(Number(stored!.amount_spent)).toBeCloseTo(Number(sum), 10);
    expect(sum.toFixed(2)).toBe('0.95');
  });

  it('does not charge a call the upstream never answered (timeout)', async () => {
    const token = await gw.addToken({ max_amount: 1, mcp_allowed: ['paid/hang'] });
    const client = await connectClient(gw.url, '/mcp', token.key);
    expect((await rejectionOf(client.callTool({ name: 'paid__hang', arguments: {} }))).data).toEqual({ code: 'upstream_timeout' });
    await client.close();
    const rows = (await gw.logs()).filter((r) => r.token_id === token.id && r.request_type === 'mcp_call');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status_code: 504, amount_spent: null });
    expect((await gw.store.tokens.get(token.id))!.amount_spent).toBe(0);
  });

  it('serves a stdio server declared in the config file, with its env', async () => {
    const token = await gw.addToken({ mcp_allowed: ['local'] });
    const client = await connectClient(gw.url, '/mcp/local', token.key);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'env', 'fail', 'hang']);
    expect(textOf(await client.callTool({ name: 'env', arguments: {} }))).toBe('from-config');
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'io' } }))).toBe('local: io');
    await client.close();
  });
});
