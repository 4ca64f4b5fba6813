import { useState, type FormEvent } from 'react';
import { usePagedLogs, type Filters } from './paging';

/**
 * A log page's filter form and its results: the form's draft values, applied on submit (empty
 * values left out) or cleared, each time from the newest page on.
 */
export function useLogSearch<T, D extends Record<string, string>>(path: string, empty: D, toFilters: (draft: D) => Filters) {
  const [draft, setDraft] = useState(empty);
  const [filters, setFilters] = useState<Filters>({});
  const paged = usePagedLogs<T>(path, filters);
  const set = (k: keyof D) => (v: string) => setDraft({ ...draft, [k]: v });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(Object.fromEntries(Object.entries(toFilters(draft)).filter(([, v]) => v !== '')));
    paged.newest();
  };
  const clear = () => {
    setDraft(empty);
    setFilters({});
    paged.newest();
  };
  return { draft, set, apply, clear, paged };
}

/** What useLogSearch gives a log page, as LogBrowser takes it. */
export interface LogSearch<T> {
  draft: Record<string, string>;
  apply: (e: FormEvent) => void;
  clear: () => void;
  paged: ReturnType<typeof usePagedLogs<T>>;
}
