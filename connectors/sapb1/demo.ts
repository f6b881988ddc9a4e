// Manifest capability `demo`: an SAP Business One connection to a running sandbox, from its JSON line.
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({ url: z.string().url(), companyDB: z.string(), user: z.string(), password: z.string() });

export const sapb1Demo: DemoCapability = {
  connectionName: 'SAP Business One (sandbox)',
  sandboxOptions: { records: 150, seed: 11 },
  connection(line) {
    const l = lineSchema.parse(line);
    return { settings: { url: l.url, companyDB: l.companyDB, user: l.user, timeZone: 'UTC' }, secrets: { password: l.password } };
  },
};
