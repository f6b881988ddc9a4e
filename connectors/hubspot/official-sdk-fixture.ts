// The official SDK (@hubspot/api-client) pointed at a fresh sandbox, for the conformance tests. The SDK's
// own retries are off, so a test sees the sandbox's first answer; apiError() catches the SDK's ApiException.
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from './sandbox/index.ts';

export async function startWithOfficialSdk(): Promise<{ sb: HubSpotSandbox; sdk: Client }> {
  const sb = await startHubSpotSandbox({ timeScale: 20 });
  return { sb, sdk: new Client({ accessToken: sb.token, basePath: sb.url, numberOfApiCallRetries: 0 }) };
}

/** What the SDK throws for an HTTP error: the status and HubSpot's error body. */
export interface ApiError {
  code: number;
  body: { category?: string; message?: string; errors?: { code?: string; in?: string }[] };
}

/** The SDK's error for a call expected to fail; `{ code: 0 }` when it succeeded instead. */
export const apiError = async (p: Promise<unknown>): Promise<ApiError> => (await p.then(() => ({ code: 0, body: {} }), (e: unknown) => e)) as ApiError;
