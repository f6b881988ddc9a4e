// The screens, by address (hash routing, so the same build works from file:// under Electron).
import { createHashRouter } from 'react-router-dom';
import { Layout } from './Layout.tsx';
import { NotFound } from './NotFound.tsx';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { ConnectionsPage } from '../features/connections/ConnectionsPage.tsx';
import { FlowsPage } from '../features/flows/FlowsPage.tsx';
import { SetupWizard } from '../features/setup/SetupWizard.tsx';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { MappingPage } from '../features/mapping/MappingPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';

export const router = createHashRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'connections', element: <ConnectionsPage /> },
      { path: 'flows', element: <FlowsPage /> },
      { path: 'flows/:flowId/mapping', element: <MappingPage /> },
      { path: 'setup', element: <SetupWizard /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
