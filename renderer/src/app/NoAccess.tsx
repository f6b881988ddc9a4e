// Shown headless when the page was opened without (or with an expired) access token.
import { Center, Code, EmptyState, Text } from '@mantine/core';

export function NoAccess() {
  return (
    <Center h="100vh" p="xl">
      <EmptyState
        title="This window has no access to ml-connector"
        description={
          <Text size="sm" component="span">
            Open the address printed by <Code>ml-connector serve</Code> (or <Code>ml-connector demo</Code>): it ends in <Code>#token=…</Code>, which lets this browser
            tab in. The token changes every time the service starts.
          </Text>
        }
      />
    </Center>
  );
}
