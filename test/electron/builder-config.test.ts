// electron-builder.yml, checked offline: electron-builder's own loader and JSON-schema validation (the
// checks `electron-builder` runs before downloading anything), plus what the schema cannot know — the
// pinned Electron version, the targets, the native module handling and the icon files.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
type Target = { target: string; arch?: string[] };

const pngSize = (file: string) => {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
};

describe('electron-builder.yml', async () => {
  const config = await getConfig(root, 'electron-builder.yml', null);

  it('passes electron-builder’s schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('pins electronVersion to the installed electron', () => {
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    expect(config.electronVersion).toBe(installed);
  });

  it('builds NSIS for Windows, dmg for macOS, AppImage and deb for Linux', () => {
    const targets = (platform: string) => ((config[platform] as { target: Target[] }).target ?? []).map((t) => t.target);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
  });

  it('rebuilds better-sqlite3 for Electron and keeps it out of the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
  });

  it('packs the bundles package.json points at, and no sources', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    // electron-builder normalises `files` into file sets: [{ filter: [...] }].
    const files = (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**', 'dist/preload/**', 'renderer/dist/**']));
    expect(files.some((f) => /^(main|preload|connectors)\//.test(f))).toBe(false);
  });

  it('publishes to a generic feed and hardens the binary with fuses', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })]);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('has the icons each platform needs', () => {
    const icons = join(root, 'resources', 'icons');
    const mac = pngSize(join(root, (config.mac as { icon: string }).icon));
    expect(mac.width).toBeGreaterThanOrEqual(512);
    const ico = readFileSync(join(root, (config.win as { icon: string }).icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    const linuxDir = join(root, (config.linux as { icon: string }).icon);
    for (const f of readdirSync(linuxDir)) {
      const [w, h] = f.replace('.png', '').split('x').map(Number);
      expect(pngSize(join(linuxDir, f))).toEqual({ width: w, height: h });
    }
    for (const status of ['ok', 'running', 'error']) {
      expect(pngSize(join(icons, `tray-${status}.png`))).toEqual({ width: 16, height: 16 });
      expect(pngSize(join(icons, `tray-${status}@2x.png`))).toEqual({ width: 32, height: 32 });
    }
  });
});
