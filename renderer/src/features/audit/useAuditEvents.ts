// Audit events for a filter, newest first, page after page by the service's keyset cursor
// (audit:query), so the browser stays fast however many million events match.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AuditEvent, AuditFilter } from '../../../../preload/contract/index.ts';
import { callOrThrow, type ApiCallError } from '../../api.ts';

export const auditPageSize = 200;

export function useAuditEvents(filter: AuditFilter) {
  const query = useInfiniteQuery({
    queryKey: ['audit:query', filter],
    queryFn: ({ pageParam }) => callOrThrow('audit:query', { ...filter, limit: auditPageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
    meta: { manualRefresh: true },
  });
  const events = useMemo<AuditEvent[]>(() => query.data?.pages.flatMap((p) => p.events) ?? [], [query.data]);
  return { ...query, events, error: query.error as ApiCallError | null };
}
