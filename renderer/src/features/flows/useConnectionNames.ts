// Connection id → name, for screens that show flows (which carry only connection ids).
import { useMemo } from 'react';
import { useCall } from '../../api.ts';

export function useConnectionNames() {
  const connections = useCall('connections:list', {});
  return useMemo(() => {
    const names = new Map((connections.data ?? []).map((c) => [c.id, c.name]));
    return (id: string) => names.get(id) ?? id;
  }, [connections.data]);
}
