// The admin's consent to plain http:// for a server on the private network: shown only
// when the address is plain http and not this machine. The service refuses public hosts either way.
import { Checkbox } from '@mantine/core';
import { remotePlainHttpOrigins } from '../../../../preload/contract/connection-origin.ts';

interface Props {
  settings: Record<string, unknown>;
  checked: boolean;
  onChange(checked: boolean): void;
}

export function PlainHttpConsent({ settings, checked, onChange }: Props) {
  const origins = remotePlainHttpOrigins(settings);
  if (!origins.length) return null;
  return (
    <Checkbox
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
      label="Allow plain HTTP on my private network"
      description={`Passwords go to ${origins.join(', ')} unencrypted. Only for a server on your office network; use https:// when it offers it. Addresses on the internet are refused.`}
      color="yellow"
    />
  );
}
