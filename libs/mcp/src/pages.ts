/** Most pages read from one upstream list (a server paging forever cannot hang a request). */
export const MAX_LIST_PAGES = 100;

/** Every item of a paginated MCP list (tools, resources, prompts...), following nextCursor. */
export async function collectPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_LIST_PAGES; n += 1) {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}
