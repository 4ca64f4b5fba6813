import { McpAllowList } from '@aigw/mcp';
import type { McpRequestContext } from './mcp-context';
import type { McpGateway } from './mcp-gateway';
import { listPrompts, listResources, listResourceTemplates, readResource } from './mcp-resources';

type Page = Record<string, unknown> & { nextCursor?: string };

/**
 * A context over fake upstreams: `pages[server][method]` is the list of pages a cursor walks (the
 * cursor is the page's index); a resources/read is answered by `reads[server](uri)` (throwing: unknown).
 */
function contextOf(pages: Record<string, Record<string, Page[]>>, reads: Record<string, (uri: string) => unknown> = {}) {
  const sent: string[] = [];
  const client = (server: string) => ({
    request: async (req: { method: string; params?: { cursor?: string; uri?: string } }) => {
      sent.push(`${server} ${req.method}${req.params?.cursor ? ` ${req.params.cursor}` : ''}`);
      if (req.method === 'resources/read') return reads[server]!(req.params!.uri!);
      return pages[server]![req.method]![Number(req.params?.cursor ?? 0)];
    },
  });
  const pool = {
    serverNames: () => Object.keys(pages),
    has: (server: string) => server in pages,
    request: (server: string, send: (c: unknown, o: unknown) => Promise<unknown>) => send(client(server), { timeout: 1000 }),
  };
  const ctx = {
    gateway: { pool } as unknown as McpGateway,
    logger: { warn: () => undefined },
    allow: McpAllowList.everything(),
    server: null,
    record: { requestId: 'r1' },
  } as unknown as McpRequestContext;
  return { ctx, sent };
}

describe('aggregated resources and prompts', () => {
  it('follows nextCursor upstream for resources/list, resources/templates/list and prompts/list', async () => {
    const { ctx } = contextOf({
      a: {
        'resources/list': [{ resources: [{ uri: 'a://1', name: '1' }], nextCursor: '1' }, { resources: [{ uri: 'a://2', name: '2' }] }],
        'resources/templates/list': [{ resourceTemplates: [{ uriTemplate: 'a://t/{x}', name: 't1' }], nextCursor: '1' }, { resourceTemplates: [{ uriTemplate: 'a://u/{x}', name: 't2' }] }],
        'prompts/list': [{ prompts: [{ name: 'p1' }], nextCursor: '1' }, { prompts: [{ name: 'p2' }] }],
      },
    });
    expect((await listResources(ctx)).resources.map((r) => r.uri)).toEqual(['a://1', 'a://2']);
    expect((await listResourceTemplates(ctx)).resourceTemplates.map((t) => t.name)).toEqual(['t1', 't2']);
    expect((await listPrompts(ctx)).prompts.map((p) => p.name)).toEqual(['a__p1', 'a__p2']);
  });

  it('reads a resource listed on a later page, and one no server lists (a template) from the first server that answers', async () => {
    const answer = (label: string) => (uri: string) => {
      if (!uri.startsWith(label)) throw new Error('unknown resource');
      return { contents: [{ uri, text: `${label} content` }] };
    };
    const { ctx, sent } = contextOf(
      {
        a: { 'resources/list': [{ resources: [{ uri: 'a://1', name: '1' }] }] },
        b: { 'resources/list': [{ resources: [], nextCursor: '1' }, { resources: [{ uri: 'b://2', name: '2' }] }] },
      },
      { a: answer('a'), b: answer('b') },
    );
    expect((await readResource(ctx, { uri: 'b://2' })).contents[0]).toMatchObject({ text: 'b content' });
    expect(sent).toContain('b resources/list 1');
    expect((await readResource(ctx, { uri: 'b://templated/9' })).contents[0]).toMatchObject({ text: 'b content' });
    await expect(readResource(ctx, { uri: 'c://none' })).rejects.toMatchObject({ data: { code: 'mcp_not_allowed' } });
  });
});
