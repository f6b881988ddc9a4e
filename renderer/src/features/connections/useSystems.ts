// The systems the service knows (label, role, connection form), looked up by id.
import { useMemo } from 'react';
import type { SystemInfo } from '../../../../preload/contract/index.ts';
import { useCall } from '../../api.ts';

export function useSystems() {
  const query = useCall('connections:systems', {}, { staleTime: Infinity });
  const byId = useMemo(() => new Map<string, SystemInfo>((query.data ?? []).map((s) => [s.id, s])), [query.data]);
  return { query, byId, label: (id: string) => byId.get(id)?.label ?? id };
}
