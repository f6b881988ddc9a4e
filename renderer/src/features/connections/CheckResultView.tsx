// The outcome of Test connection: a pass with its summary, or each problem with its specific
// diagnosis and what to do. A certificate problem shows the fingerprint seen and offers to trust it.
import { Alert, Button, Code, List, Stack, Text } from '@mantine/core';
import type { CheckResultView as CheckResult } from '../../../../preload/contract/index.ts';
import { IconAlert, IconCheck } from '../../app/icons.tsx';

const certificateCodes = new Set(['TLS_UNTRUSTED', 'TLS_CHANGED']);

export function fingerprintOf(problem: CheckResult['problems'][number]): string | null {
  const fp = problem.data?.['fingerprint256'];
  return typeof fp === 'string' && fp ? fp : null;
}

export function CheckResultView({ result, onTrust, trusting }: { result: CheckResult; onTrust?: (fingerprint256: string) => void; trusting?: boolean }) {
  if (result.ok) {
    return (
      <Alert color="teal" variant="light" icon={<IconCheck />} title="Connection works" role="status">
        <Text size="sm">{result.summary}</Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title="Connection test failed" role="alert">
      <Stack gap="sm">
        <Text size="sm">{result.summary}</Text>
        <List spacing="sm" size="sm">
          {result.problems.map((p, i) => {
            const fingerprint = certificateCodes.has(p.code) ? fingerprintOf(p) : null;
            return (
              <List.Item key={`${p.code}-${i}`}>
                {/* A single problem is often the summary itself: the same sentence is not shown twice. */}
                {p.message !== result.summary && (
                  <Text size="sm" fw={600}>
                    {p.message}
                  </Text>
                )}
                {p.hint && <Text size="sm">{p.hint}</Text>}
                {fingerprint && (
                  <Stack gap={4} mt={6} align="flex-start">
                    <Text size="xs" c="dimmed">
                      SHA-256 fingerprint of the certificate the server presents:
                    </Text>
                    <Code block fz="xs" aria-label="Certificate fingerprint">
                      {fingerprint}
                    </Code>
                    {onTrust && (
                      <Button size="xs" variant="light" loading={trusting} onClick={() => onTrust(fingerprint)}>
                        Trust this certificate
                      </Button>
                    )}
                  </Stack>
                )}
                <Code fz="xs" c="dimmed">
                  {p.code}
                </Code>
              </List.Item>
            );
          })}
        </List>
      </Stack>
    </Alert>
  );
}
