import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

const repo = path.resolve(__dirname, '..', '..');
const icons = path.join(repo, 'resources', 'icons');

/** Reads back an 8-bit RGBA PNG with filter 0 on every line, as make-icons.mjs writes them. */
function decode(file: string): { width: number; height: number; pixel(x: number, y: number): number[] } {
  const png = fs.readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25]]).toEqual([8, 6]);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixel = (x: number, y: number): number[] => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)];
  return { width, height, pixel };
}

describe('icons', () => {
  it('tray icons are discs in the state colours of UI.md, 16 px and 32 px', () => {
    const colours = { ok: [0x2f, 0x9e, 0x44], warning: [0xf0, 0x8c, 0x00], critical: [0xe0, 0x31, 0x31], unknown: [0x86, 0x8e, 0x96] };
    for (const [level, rgb] of Object.entries(colours)) {
      for (const [name, size] of [
        [`tray-${level}.png`, 16],
        [`tray-${level}@2x.png`, 32],
      ] as const) {
        const image = decode(path.join(icons, name));
        expect([image.width, image.height], name).toEqual([size, size]);
        expect(image.pixel(size / 2, size / 2), name).toEqual([...rgb, 255]);
        expect(image.pixel(0, 0)[3], name).toBe(0);
      }
    }
  });

  it('the app icon is 256 px with a 512 px variant', () => {
    expect(decode(path.join(icons, 'icon.png')).width).toBe(256);
    expect(decode(path.join(icons, 'icon@2x.png')).width).toBe(512);
  });

  it('the committed files are exactly what scripts/make-icons.mjs writes', () => {
    const out = tempDir('zervigo-icons-');
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'make-icons.mjs'), out], { stdio: 'ignore' });
    const written = fs.readdirSync(out).sort();
    expect(written).toEqual(fs.readdirSync(icons).sort());
    for (const name of written) expect(fs.readFileSync(path.join(out, name)).equals(fs.readFileSync(path.join(icons, name))), name).toBe(true);
  });
});
