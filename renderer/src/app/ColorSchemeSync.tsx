// Keeps Mantine's colour scheme in step with the stored `theme` setting (light / dark / auto), and
// offers the header's toggle, which saves the choice back to the service.
import { ActionIcon, Menu, VisuallyHidden, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { useCall, useMutationCall } from '../api.ts';
import { IconMoon, IconSun } from './icons.tsx';

export function ColorSchemeSync() {
  const settings = useCall('settings:get', {});
  const { setColorScheme } = useMantineColorScheme();
  const stored = settings.data?.theme;
  useEffect(() => {
    if (stored) setColorScheme(stored);
  }, [stored, setColorScheme]);
  return null;
}

const choices: { value: MantineColorScheme; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'auto', label: 'Follow the system' },
];

export function ColorSchemeMenu() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const save = useMutationCall('settings:update');
  const choose = (value: MantineColorScheme) => {
    setColorScheme(value);
    save.mutate({ theme: value });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label="Colour scheme">
          {colorScheme === 'dark' ? <IconMoon /> : <IconSun />}
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Colour scheme</Menu.Label>
        {choices.map((c) => (
          <Menu.Item key={c.value} onClick={() => choose(c.value)} leftSection={<span aria-hidden>{colorScheme === c.value ? '✓' : ''}</span>}>
            {c.label}
            {colorScheme === c.value && <VisuallyHidden> (current)</VisuallyHidden>}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
