import { useSyncExternalStore } from 'react';

/** Where admin-api serves the console; vite.config.ts `base` says the same. */
export const BASE = '/console/';

export const PAGES = ['overview', 'providers', 'prices', 'tokens', 'aliases', 'mcp-servers', 'logs', 'admin-logs'] as const;
export type Page = (typeof PAGES)[number];

/** The page a location path shows; anything unknown is the overview. */
export function pageOf(pathname: string): Page {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname.replace(/^\/+/, '');
  const first = rest.split('/')[0] ?? '';
  return (PAGES as readonly string[]).includes(first) ? (first as Page) : 'overview';
}

export function hrefOf(page: Page): string {
  return `${BASE}${page}`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(page: Page): void {
  if (window.location.pathname === hrefOf(page)) return;
  window.history.pushState(null, '', hrefOf(page));
  for (const listener of listeners) listener();
}

/** The current page, following links and the back button. */
export function usePage(): Page {
  return useSyncExternalStore(subscribe, () => pageOf(window.location.pathname));
}
