// What the test suite needs from the machine, checked once before any test runs (vitest globalSetup).
// A missing package fails the run at once with the one command that fixes it — never a silent skip.
// `.ci/run` installs the same list before `npm ci`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Debian packages the tests use: Chromium for the browser tests, unixODBC + the SQLite driver for Sage 100. */
export const DEBIAN_PACKAGES = ['chromium', 'unixodbc', 'unixodbc-dev', 'odbcinst', 'libsqliteodbc'] as const;

interface Requirement {
  what: string;
  present(): boolean;
  fix: string;
}

const apt = `apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`;

const sqliteOdbcDriver = ['/usr/lib/x86_64-linux-gnu/odbc/libsqlite3odbc.so', '/usr/lib/aarch64-linux-gnu/odbc/libsqlite3odbc.so'];

const requirements: Requirement[] = [
  { what: 'Chromium at /usr/bin/chromium (browser tests)', present: () => existsSync('/usr/bin/chromium'), fix: apt },
  { what: 'unixODBC (libodbc.so.2, Sage 100 agent tests)', present: () => ['/usr/lib/x86_64-linux-gnu/libodbc.so.2', '/usr/lib/aarch64-linux-gnu/libodbc.so.2'].some(existsSync), fix: apt },
  { what: 'the SQLite ODBC driver (libsqlite3odbc.so, Sage 100 agent tests)', present: () => sqliteOdbcDriver.some(existsSync), fix: apt },
  {
    what: 'the `odbc` npm addon, built against unixODBC',
    present: () => {
      try {
        require('odbc');
        return true;
      } catch {
        return false;
      }
    },
    // The addon is an optional dependency: npm skips it quietly when unixODBC was missing at install time.
    fix: 'npm rebuild odbc   (after installing unixodbc-dev)',
  },
];

/** The requirements this machine lacks, each with its fix; empty when the suite can run. */
export function missingRequirements(): { what: string; fix: string }[] {
  return requirements.filter((r) => !r.present()).map(({ what, fix }) => ({ what, fix }));
}

export default function checkSystemPackages(): void {
  const missing = missingRequirements();
  if (!missing.length) return;
  const fixes = [...new Set(missing.map((m) => m.fix))];
  throw new Error(
    `The tests need what this machine lacks:\n${missing.map((m) => `  - ${m.what}`).join('\n')}\nInstall it with:\n${fixes.map((f) => `  ${f}`).join('\n')}\n(.ci/run does this on a fresh machine.)`,
  );
}
