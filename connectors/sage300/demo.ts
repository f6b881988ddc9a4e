// Manifest capability `demo`: a Sage 300 connection to a running sandbox, from its JSON line.
import { z } from 'zod';
import type { DemoCapability } from '../kit/types.ts';

const lineSchema = z.object({ url: z.string().url(), user: z.string(), password: z.string() });

export const sage300Demo: DemoCapability = {
  connectionName: 'Sage 300 (sandbox)',
  sandboxOptions: { records: 200, seed: 7 },
  connection(line) {
    const l = lineSchema.parse(line);
    return { settings: { url: l.url, user: l.user }, secrets: { password: l.password } };
  },
};
