// Placeholder for a screen that is still being built (says so rather than pretending).
import { EmptyState } from '@mantine/core';
import { PageHeader } from './PageHeader.tsx';

export function NotBuiltYet({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Coming soon" description="This screen is not built yet." py="xl" />
    </>
  );
}
