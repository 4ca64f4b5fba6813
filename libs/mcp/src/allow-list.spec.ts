import { McpAllowList } from './allow-list';

describe('McpAllowList', () => {
  it('is empty for null and []: no MCP access', () => {
    expect(new McpAllowList(null).isEmpty).toBe(true);
    expect(new McpAllowList([]).isEmpty).toBe(true);
    expect(new McpAllowList(['a']).isEmpty).toBe(false);
  });

  it('a whole server opens its tools, resources and prompts; a server/tool entry only that tool', () => {
    const list = new McpAllowList(['a', 'b/echo']);
    expect(list.allowsTool('a', 'anything')).toBe(true);
    expect(list.allowsServer('a')).toBe(true);
    expect(list.reaches('b')).toBe(true);
    expect(list.allowsTool('b', 'echo')).toBe(true);
    expect(list.allowsTool('b', 'other')).toBe(false);
    expect(list.allowsServer('b')).toBe(false);
    expect(list.reaches('c')).toBe(false);
    expect(list.allowsTool('c', 'echo')).toBe(false);
  });

  it('everything() (the admin token) allows every server and tool', () => {
    const list = McpAllowList.everything();
    expect(list.isEmpty).toBe(false);
    expect(list.allowsTool('x', 'y')).toBe(true);
    expect(list.allowsServer('x')).toBe(true);
  });

  it('ignores entries that break the store naming rules (the one parse the admin API checks by)', () => {
    const list = new McpAllowList(['Bad_Name', 'a--b/echo', 'ok/has space', 'good']);
    expect(list.reaches('Bad_Name')).toBe(false);
    expect(list.reaches('a--b')).toBe(false);
    expect(list.reaches('ok')).toBe(false);
    expect(list.allowsServer('good')).toBe(true);
  });
});
