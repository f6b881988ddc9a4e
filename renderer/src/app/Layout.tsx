// The frame around every screen: header (name, live state, colour scheme) and the navigation bar.
import { AppShell, Group, NavLink, Text, Title } from '@mantine/core';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router-dom';
import type { ReactNode } from 'react';
import { ColorSchemeMenu } from './ColorSchemeSync.tsx';
import classes from './Layout.module.css';
import { LiveBadge } from './LiveBadge.tsx';
import { RunNotifications } from './RunNotifications.tsx';
import { IconDashboard, IconFlow, IconList, IconPlug, IconSettings } from './icons.tsx';

const nav: { to: string; label: string; icon: ReactNode }[] = [
  { to: '/', label: 'Dashboard', icon: <IconDashboard /> },
  { to: '/connections', label: 'Connections', icon: <IconPlug /> },
  { to: '/flows', label: 'Flows', icon: <IconFlow /> },
  { to: '/audit', label: 'Audit log', icon: <IconList /> },
  { to: '/settings', label: 'Settings', icon: <IconSettings /> },
];

function isActive(pathname: string, to: string) {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Layout() {
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <a href="#main-content" className={classes.skip} onClick={(e) => (e.preventDefault(), document.getElementById('main-content')?.focus())}>
          Skip to content
        </a>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={1} size="h4">
              ml-connector
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              ERP ⇄ CRM sync
            </Text>
          </Group>
          <Group gap="sm">
            <LiveBadge />
            <ColorSchemeMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {nav.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            label={item.label}
            leftSection={item.icon}
            active={isActive(pathname, item.to)}
            aria-current={isActive(pathname, item.to) ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        <RunNotifications />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
