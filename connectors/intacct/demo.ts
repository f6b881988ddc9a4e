// Manifest capability `demo`: an Intacct connection to a running sandbox, from its JSON line.
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({
  url: z.string().url(), senderId: z.string(), senderPassword: z.string(), companyId: z.string(), userId: z.string(), userPassword: z.string(),
  fingerprint256: z.string().optional(),
});

export const intacctDemo: DemoCapability = {
  connectionName: 'Sage Intacct (sandbox)',
  sandboxOptions: { records: 60, seed: 11 },
  connection(line) {
    const l = lineSchema.parse(line);
    return {
      settings: { url: l.url, senderId: l.senderId, companyId: l.companyId, userId: l.userId, timeZone: 'America/Los_Angeles', ...(l.fingerprint256 && { tls: { fingerprint256: l.fingerprint256 } }) },
      secrets: { senderPassword: l.senderPassword, userPassword: l.userPassword },
    };
  },
};
