import { useState, type FormEvent } from 'react';
import { usePagedLogs, type Filters } from './paging';

/**
 * A log page's filter form and its results: the form's draft values, applied on submit (empty
 * values left out) or cleared back to `empty`, each time from the newest page on. `empty` is also
 * what the first page is asked with (a default such as kind=changes).
 */
export function useLogSearch<T, D extends Record<string, string>>(path: string, empty: D, toFilters: (draft: D) => Filters) {
  const filtersOf = (d: D): Filters => Object.fromEntries(Object.entries(toFilters(d)).filter(([, v]) => v !== ''));
  const [draft, setDraft] = useState(empty);
  const [filters, setFilters] = useState<Filters>(() => filtersOf(empty));
  const paged = usePagedLogs<T>(path, filters);
  const set = (k: keyof D) => (v: string) => setDraft({ ...draft, [k]: v });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(filtersOf(draft));
    paged.newest();
  };
  const clear = () => {
    setDraft(empty);
    setFilters(filtersOf(empty));
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
