// `ml-connector --help` and `--version` start without loading the engine: main/cli.ts imports what a
// command runs inside its action, so the bundle's entry and the chunks it imports statically hold the
// command list and little else. The walk is esbuild's, split like scripts/build-cli.mjs builds the bundle.
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('CLI start-up imports', () => {
  it('the entry loads commander and the command list, not the engine, the store, the connectors or zod', async () => {
    const result = await build({
      absWorkingDir: join(import.meta.dirname, '..', '..'),
      entryPoints: { cli: 'main/cli.ts' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      outdir: 'dist/cli-startup-imports-test',
      packages: 'external',
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === 'main/cli.ts')!;
    // The entry and every chunk it imports statically: what runs before any command's action.
    const loaded = new Set<string>();
    for (const stack = [entry]; stack.length; ) {
      const o = stack.pop()!;
      if (loaded.has(o)) continue;
      loaded.add(o);
      for (const i of outputs[o]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) stack.push(i.path);
    }
    const sources = [...loaded].flatMap((o) => Object.keys(outputs[o]!.inputs));
    const packages = [...loaded].flatMap((o) => outputs[o]!.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path));
    expect(sources).toContain('main/cli.ts');
    expect(packages).toContain('commander');
    expect(sources.filter((f) => /^(main\/(engine\/|store\/|service\/index\.ts|engine-thread\/engine-thread-main\.ts)|connectors\/)/.test(f))).toEqual([]);
    expect(packages.filter((p) => /^(zod|undici|better-sqlite3|pino)(\/|$)/.test(p))).toEqual([]);
    // The commands are still there, each behind its own dynamic import.
    const lazy = [...loaded].flatMap((o) => outputs[o]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => Object.keys(outputs[i.path]?.inputs ?? {})).flat());
    expect(lazy).toEqual(expect.arrayContaining(['main/cli/commands.ts', 'main/cli/serve.ts', 'main/engine-thread/engine-thread-main.ts']));
  });
});
