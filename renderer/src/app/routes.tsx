// The screens, by address (hash routing, so the same build works from file:// under Electron).
import { createHashRouter } from 'react-router-dom';
import { Layout } from './Layout.tsx';
import { NotBuiltYet } from './NotBuiltYet.tsx';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { ConnectionsPage } from '../features/connections/ConnectionsPage.tsx';
import { FlowsPage } from '../features/flows/FlowsPage.tsx';
import { SetupWizard } from '../features/setup/SetupWizard.tsx';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { MappingPage } from '../features/mapping/MappingPage.tsx';

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
      { path: 'settings', element: <NotBuiltYet title="Settings" /> },
      { path: '*', element: <NotBuiltYet title="Not found" /> },
    ],
  },
]);
