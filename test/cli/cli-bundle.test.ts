// The precompiled command line: the launcher runs the bundle only while it is newer than every source it
// was built from, and the bundle answers like the sources do.
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../electron/service-fixture.ts';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { freshBundle } from '../../scripts/build-cli.mjs';

const repoRoot = join(import.meta.dirname, '..', '..');
const fresh = freshBundle as (manifest: string, root: string) => string | null;

describe('CLI bundle freshness', () => {
  const tmp = tempDir('mlc-cli-bundle-');
  afterAll(() => tmp.remove());
  const root = tmp.dir;
  const manifest = join(root, 'dist', 'cli', 'current.json');
  const builtAt = Date.now() - 60_000;

  function layout(sourceAgeMs: number): void {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(root, 'main'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'cli-ABC.js'), '');
    writeFileSync(join(root, 'main', 'cli.ts'), '');
    const t = (builtAt - sourceAgeMs) / 1000;
    utimesSync(join(root, 'main', 'cli.ts'), t, t);
    writeFileSync(manifest, JSON.stringify({ entry: 'cli-ABC.js', builtAt, sources: ['main/cli.ts'] }));
  }

  it('uses the bundle while every source is older than the build', () => {
    layout(5_000);
    expect(fresh(manifest, root)).toBe(join(root, 'dist', 'cli', 'cli-ABC.js'));
  });

  it('rebuilds when a source was edited after the build', () => {
    layout(-5_000);
    expect(fresh(manifest, root)).toBeNull();
  });

  it('rebuilds when a source it was built from is gone, or the entry or manifest is missing', () => {
    layout(5_000);
    rmSync(join(root, 'main', 'cli.ts'));
    expect(fresh(manifest, root)).toBeNull();
    layout(5_000);
    rmSync(join(root, 'dist', 'cli', 'cli-ABC.js'));
    expect(fresh(manifest, root)).toBeNull();
    layout(5_000);
    writeFileSync(manifest, '{not json');
    expect(fresh(manifest, root)).toBeNull();
  });
});

describe('ml-connector', () => {
  it('answers --version from the bundle with the package version', () => {
    const out = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'ml-connector.mjs'), '--version'], { encoding: 'utf8' });
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(out.trim()).toBe(version);
  });

  it('maps stack traces back to our TypeScript, and ships no map for chunks made only of packages', () => {
    // The suite builds the bundle before it starts (npm test: build:cli).
    const dir = join(repoRoot, 'dist', 'cli');
    const { entry } = JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8')) as { entry: string };
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/(?:from\s*|import\(\s*)"\.\/([^"]+\.js)"/g)) visit(m[1]!);
    };
    visit(entry);
    let ours = 0;
    let packagesOnly = 0;
    for (const file of loaded) {
      const linked = /\n\/\/# sourceMappingURL=([^\n]+)\n?$/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
      if (linked) {
        const { sources } = JSON.parse(readFileSync(join(dir, linked), 'utf8')) as { sources: string[] };
        expect(sources.length === 0 || sources.some((s) => !s.includes('/node_modules/')), `${file}'s map names our sources`).toBe(true);
        if (sources.some((s) => s.endsWith('.ts'))) ours++;
      } else {
        expect(existsSync(join(dir, `${file}.map`)), `${file} has a map file but does not link it`).toBe(false);
        packagesOnly++;
      }
    }
    expect(ours).toBeGreaterThan(0);
    expect(packagesOnly).toBeGreaterThan(0);
  });
});
