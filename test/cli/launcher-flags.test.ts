// The engine's young-generation size reaches every place the engine runs: the engine thread (its
// resourceLimits, engine-host.test.ts) and the one-shot commands' main thread, through the launcher's
// shebang — which must stay a line `env` and npm's bin shims can run.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHER, launcherNodeFlags } from '../../scripts/launcher-flags.ts';
import { ENGINE_SEMI_SPACE_MB } from '../../main/engine-thread/young-generation.ts';
import { tempDir } from '../electron/service-fixture.ts';

describe('the launcher’s node flags', () => {
  it('give the one-shot commands the engine thread’s young generation', () => {
    expect(launcherNodeFlags()).toContain(`--max-semi-space-size=${ENGINE_SEMI_SPACE_MB}`);
  });

  it('run through the shebang itself, as the bin shim and `npx ml-connector` run it', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(join(import.meta.dirname, '..', '..', pkg.bin['ml-connector']!)).toBe(LAUNCHER);
    expect(execFileSync(LAUNCHER, ['--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });

  it('refuse a launcher whose first line is not a node shebang, naming it', () => {
    const tmp = tempDir('mlc-launcher-');
    try {
      const path = join(tmp.dir, 'launcher.mjs');
      writeFileSync(path, '#!/bin/sh\necho hi\n');
      expect(() => launcherNodeFlags(path)).toThrow(/launcher\.mjs: the first line is not/);
      writeFileSync(path, '#!/usr/bin/env -S node --max-semi-space-size=32 --stack-size=2000\n');
      expect(launcherNodeFlags(path)).toEqual(['--max-semi-space-size=32', '--stack-size=2000']);
    } finally {
      tmp.remove();
    }
  });
});
