// Manifest capability `demo`: a Sage 100 connection to a running agent sandbox, from its JSON line
// (the certificate pinned by the fingerprint the agent printed, as an admin would).
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({ url: z.string().url(), companyCode: z.string(), apiKey: z.string(), user: z.string(), password: z.string(), fingerprint256: z.string() });

export const sage100Demo: DemoCapability = {
  connectionName: 'Sage 100 (agent sandbox)',
  sandboxOptions: { records: 200, seed: 7 },
  connection(line) {
    const l = lineSchema.parse(line);
    return {
      settings: { url: l.url, companyCode: l.companyCode, user: l.user, tls: { fingerprint256: l.fingerprint256 } },
      secrets: { apiKey: l.apiKey, password: l.password },
    };
  },
};
