// Providers (Mantine, notifications, react-query), live updates from the service, and the router.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { queryClient, useLiveUpdates, useCall, transportErrorCodes, isApiCallError } from '../api.ts';
import { ColorSchemeSync } from './ColorSchemeSync.tsx';
import { NoAccess } from './NoAccess.tsx';
import { router } from './routes.tsx';
import { theme } from './theme.ts';

function Root() {
  useLiveUpdates();
  // One cheap call decides whether this window may talk to the service at all.
  const probe = useCall('settings:appInfo', {}, { retry: false, staleTime: Infinity });
  if (probe.isError && isApiCallError(probe.error) && transportErrorCodes.has(probe.error.code) && probe.error.code !== 'UNREACHABLE') return <NoAccess />;
  return (
    <>
      <ColorSchemeSync />
      <RouterProvider router={router} />
    </>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <Root />
      </QueryClientProvider>
    </MantineProvider>
  );
}
