import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID } from '../../src/main/paths';

const repo = path.resolve(__dirname, '..', '..');
const require = createRequire(import.meta.url);

/** Packaging cannot run here; electron-builder's own schema check can. */
describe('electron-builder.yml', () => {
  const config = parse(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as {
    appId: string;
    files: string[];
    asarUnpack: string[];
    publish: { provider: string };
    linux: { target: string[] };
    mac: { target: string };
    win: { target: string };
  };

  it("passes electron-builder's schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packs what the app loads at run time and unpacks the native modules', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'resources/**']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/node-pty/**']));
    expect([config.linux.target, config.mac.target, config.win.target]).toEqual([['AppImage', 'deb'], 'dmg', 'nsis']);
    expect(config.publish.provider).toBe('generic');
    for (const icon of ['icon.png', 'icon@2x.png']) expect(fs.existsSync(path.join(repo, 'resources', 'icons', icon))).toBe(true);
  });
});
