// Session cookies and the password never reach logs or errors: a read through a session that expires
// mid-way and a refused login are logged through a capturing logger and searched for the secrets.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Logger } from '../kit/types.ts';
import { checkConnection } from './check.ts';
import { testContext } from '../kit/testing/context.ts';
import { startHarness, type Harness } from './test-support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: 30, faults: '503=0.1' });
});
afterAll(() => h.close());

function capturing(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const log = (obj: object | string, msg?: string) => void lines.push(JSON.stringify([obj, msg ?? null]));
  return { logger: { debug: log, info: log, warn: log, error: log }, text: () => lines.join('\n') };
}

it('keeps B1SESSION, ROUTEID values and the password out of logs and errors', async () => {
  const cap = capturing();
  const c = h.connect({}, { logger: cap.logger });
  const seen: string[] = [];
  let n = 0;
  for await (const p of c.sources.businessPartners.read({ since: null, signpost: new Date() })) {
    seen.push(...p.records.map((r) => String(r.CardCode)));
    if (++n === 1) await h.admin('sessions/expire', {});
  }
  expect(new Set(seen).size).toBe(30);
  const bad = await checkConnection({ ...h.config, user: 'locked' }, testContext({ password: h.line.password }, { logger: cap.logger }));
  const everything = cap.text() + JSON.stringify(bad);
  expect(everything).not.toContain(h.line.password);
  expect(everything).not.toMatch(/B1SESSION=[0-9a-f-]{8}/i);
  expect(everything).not.toMatch(/[0-9a-f]{32}/);
});
