// Replays audit events (one, a selection, or every failure in a filter). On success the loaded list is
// patched in place — replayed failures that now succeeded read "resolved" — instead of reloading pages
// the admin may have scrolled far into; the list offers a refresh for the new replay events.
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { OutputOf } from '../../../../preload/contract/index.ts';
import { useMutationCall } from '../../api.ts';

type Page = OutputOf<'audit:query'>;

export function useReplay() {
  const client = useQueryClient();
  return useMutationCall('audit:replay', {
    onSuccess: async (out) => {
      const fixed = new Set(out.results.filter((r) => r.sent !== null && r.action !== 'failed').map((r) => r.eventId));
      if (fixed.size > 0) {
        client.setQueriesData<InfiniteData<Page>>({ queryKey: ['audit:query'] }, (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((p) => ({ ...p, events: p.events.map((e) => (fixed.has(e.id) && e.action === 'failed' ? { ...e, resolved: true } : e)) })),
              }
            : data,
        );
      }
      // Patching the data marks the lists fresh again; they are not: the replay added events.
      await client.invalidateQueries({ queryKey: ['audit:query'], refetchType: 'none' });
    },
  });
}
