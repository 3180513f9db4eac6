#!/usr/bin/env node
/**
 * Writes the tray and app icons as PNGs with nothing but node:zlib, so they can be rebuilt on
 * any machine (no image tools needed). The output is committed in resources/icons/; run
 * `node scripts/make-icons.mjs [outDir]` after changing a colour or a shape.
 *
 *   tray-<level>.png (16 px) and tray-<level>@2x.png (32 px): a disc in the UI.md state colour
 *   icon.png (256 px) and icon@2x.png (512 px): a pulse line on a dark rounded square
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const trayColours = {
  ok: '#2f9e44',
  warning: '#f08c00',
  critical: '#e03131',
  unknown: '#868e96',
};

const SAMPLES = 4; // per axis: 16 samples per pixel smooth the edges

// ---- PNG encoding -------------------------------------------------------------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA, 8 bits per channel, no interlace; each scanline with filter 0. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- drawing ------------------------------------------------------------------------------

const hex = (colour) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
const darker = (rgb, factor) => rgb.map((channel) => Math.round(channel * factor));

/**
 * Renders paint(u, v) -> [r, g, b, a] (u, v in 0..1, a in 0..1) with supersampling; colours
 * are averaged weighted by alpha so edges blend into transparency without dark fringes.
 */
function render(size, paint) {
  const out = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [pr, pg, pb, pa] = paint((x + (sx + 0.5) / SAMPLES) / size, (y + (sy + 0.5) / SAMPLES) / size);
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return out;
}

/** A disc with a slightly darker rim, so it reads on light and dark panels alike. */
function trayDisc(colour, size) {
  const fill = hex(colour);
  const rim = darker(fill, 0.72);
  const radius = 0.5 - 0.5 / size; // half a pixel of margin
  const rimWidth = 1.1 / size;
  return render(size, (u, v) => {
    const d = Math.hypot(u - 0.5, v - 0.5);
    if (d > radius) return [0, 0, 0, 0];
    return d > radius - rimWidth ? [...rim, 1] : [...fill, 1];
  });
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

const pulse = [
  [0.14, 0.56],
  [0.35, 0.56],
  [0.43, 0.33],
  [0.54, 0.75],
  [0.62, 0.46],
  [0.68, 0.56],
  [0.86, 0.56],
];

/** The app icon: a heartbeat line in "ok" green on a dark rounded square. */
function appIcon(size) {
  const background = hex('#1c2430');
  const line = hex('#40c057');
  const corner = 0.2;
  const inset = 0.04;
  const stroke = 0.035;
  return render(size, (u, v) => {
    // Rounded square: distance outside the inner rectangle, compared with the corner radius.
    const qx = Math.max(Math.abs(u - 0.5) - (0.5 - inset - corner), 0);
    const qy = Math.max(Math.abs(v - 0.5) - (0.5 - inset - corner), 0);
    if (Math.hypot(qx, qy) > corner) return [0, 0, 0, 0];
    for (let i = 0; i + 1 < pulse.length; i++) {
      if (distanceToSegment(u, v, pulse[i], pulse[i + 1]) <= stroke) return [...line, 1];
    }
    return [...background, 1];
  });
}

// ---- output -------------------------------------------------------------------------------

export function iconFiles() {
  const files = {};
  for (const [level, colour] of Object.entries(trayColours)) {
    files[`tray-${level}.png`] = encodePng(16, trayDisc(colour, 16));
    files[`tray-${level}@2x.png`] = encodePng(32, trayDisc(colour, 32));
  }
  files['icon.png'] = encodePng(256, appIcon(256));
  files['icon@2x.png'] = encodePng(512, appIcon(512));
  return files;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons'));
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, data] of Object.entries(iconFiles())) fs.writeFileSync(path.join(outDir, name), data);
  console.log(`icons written to ${path.relative(process.cwd(), outDir) || '.'}`);
}
