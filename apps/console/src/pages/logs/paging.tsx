import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryString } from '../../api/client';
import type { List } from '../../api/types';
import { useClient } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';

export type Filters = Record<string, string>;

/**
 * Keyset pages of a log list, newest first: the API hands out next_cursor (the last id seen) and
 * the console keeps the cursors it followed, so Newer walks back the way it came.
 */
export function usePagedLogs<T>(path: string, filters: Filters) {
  const client = useClient();
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: [path, filters, cursor],
    queryFn: () => client.get<List<T>>(`${path}${queryString({ ...filters, cursor })}`),
    placeholderData: keepPreviousData,
  });
  const next = query.data?.next_cursor ?? null;
  return {
    query,
    page: cursors.length,
    older: next === null ? undefined : () => setCursors([...cursors, next]),
    newer: cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined,
    newest: () => setCursors([undefined]),
  };
}

export function Pager({ page, older, newer, newest }: { page: number; older?: () => void; newer?: () => void; newest(): void }) {
  const { t } = useI18n();
  return (
    <div className="pager">
      <button type="button" onClick={newest} disabled={page === 1}>
        {t('logs.first')}
      </button>
      <button type="button" onClick={newer} disabled={!newer}>
        {t('logs.newer')}
      </button>
      <span className="muted">{t('logs.page', { page })}</span>
      <button type="button" onClick={older} disabled={!older}>
        {t('logs.older')}
      </button>
    </div>
  );
}
