// One CSP, two transports: the Electron app:// protocol and the headless HTTP server send the very same
// policy for the same page, and the policy passes Google's CSP evaluator (the engine Electronegativity's
// CSP check uses) with no high or medium finding.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../main/security/csp.ts';
import { startHttpServer } from '../../main/http/server.ts';
import { withService, tempDir } from './service-fixture.ts';

vi.mock('electron', () => import('./fake-electron.ts'));
const { createRendererHandler } = await import('../../main/electron/protocol.ts');

const require = createRequire(import.meta.url);
const csp = require('@doyensec/csp-evaluator') as {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (parsed: unknown, version: unknown) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] };
  Version: { CSP3: unknown };
  severities: Record<string, number>;
};

function get(port: number, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Content-Security-Policy', () => {
  it('has no high or medium finding in the CSP evaluator', () => {
    const findings = new csp.CspEvaluator(new csp.CspParser(CONTENT_SECURITY_POLICY).csp, csp.Version.CSP3).evaluate();
    const serious = findings.filter((f) => [csp.severities.HIGH, csp.severities.MEDIUM, csp.severities.SYNTAX].includes(f.severity));
    expect(serious).toEqual([]);
    // The one remaining note: 'self' in script-src matters only for sites hosting JSONP or uploads; we host neither.
    expect(findings.map((f) => `${f.directive} ${f.value}`)).toEqual(["script-src 'self'"]);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('is sent identically by the app:// protocol and the headless HTTP server', async () => {
    const ui = tempDir('mlc-ui-');
    try {
      mkdirSync(join(ui.dir, 'assets'));
      writeFileSync(join(ui.dir, 'index.html'), '<!doctype html><title>ml-connector</title>');
      const electronPage = await createRendererHandler(ui.dir)(new Request('app://mlc/index.html'));
      await withService(async (service) => {
        const http = await startHttpServer(service, { rendererDir: ui.dir });
        try {
          const httpPage = await get(http.port, '/');
          expect(httpPage.status).toBe(200);
          expect(electronPage.status).toBe(200);
          expect(httpPage.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
          expect(electronPage.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
          for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(electronPage.headers.get(name)).toBe(value);
        } finally {
          await http.close();
        }
      });
    } finally {
      ui.remove();
    }
  });
});
