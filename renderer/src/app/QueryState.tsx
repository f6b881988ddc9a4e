// Renders a query's three states: loading, failed (with the service's hint and a retry), or its data.
import { Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';

export function QueryState<T, E>({ query, label, children }: { query: UseQueryResult<T, E>; label: string; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label={`Loading ${label}`} />
      </Center>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} title={`Could not load ${label}`} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
