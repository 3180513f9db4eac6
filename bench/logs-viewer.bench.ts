import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { percentile, printFigures } from './report';

/**
 * The Logs page's virtualized viewer with 1,000,000 lines in Chromium: how long the first
 * render takes, how many rows are in the DOM, and frame times while flicking through the list
 * and jumping to random places (rAF deltas; 16.7 ms is 60 frames a second).
 */
const LINES = 1_000_000;

/**
 * Wheel-like scrolling (300 frames of 100 px, 5 rows), a flick (300 frames of 2,400 px, 120 rows)
 * and 100 jumps anywhere in the list; rAF deltas of each.
 */
const SCROLL_SCRIPT = `(async () => {
  const viewer = document.querySelector('[data-testid=log-viewer]');
  let deltas = [];
  let last = performance.now();
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => { const now = performance.now(); deltas.push(now - last); last = now; resolve(); }));
  await frame();
  deltas = [];
  last = performance.now();
  for (let i = 0; i < 300; i++) { viewer.scrollTop += 100; await frame(); }
  const wheel = deltas;
  deltas = [];
  for (let i = 0; i < 300; i++) { viewer.scrollTop += 2400; await frame(); }
  for (let i = 0; i < 100; i++) { viewer.scrollTop = Math.random() * (viewer.scrollHeight - viewer.clientHeight); await frame(); }
  return { wheel, deltas, rowsAfter: document.querySelectorAll('[data-testid=log-row]').length };
})()`;

async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const file = path.join(dir, decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/'));
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(dir, 'index.html');
    const type = target.endsWith('.js') ? 'text/javascript' : target.endsWith('.css') ? 'text/css' : 'text/html';
    response.writeHead(200, { 'content-type': type });
    fs.createReadStream(target).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function run(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-viewer-'));
  const browser = await chromium.launch({
    executablePath: process.env.ZERVIGO_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let server: Awaited<ReturnType<typeof serve>> | null = null;
  try {
    await build({
      root: path.join(__dirname, 'viewer'),
      base: './',
      plugins: [react()],
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false } },
    });
    server = await serve(outDir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}?lines=${LINES}`);
    await page.waitForFunction('window.benchReady !== undefined', undefined, { timeout: 60_000 });
    const ready = await page.evaluate<{ built: number; rendered: number }>('window.benchReady');
    const rows = await page.locator('[data-testid=log-row]').count();
    // Passed as text: tsx's keepNames would put helpers into a function's source the page does not have.
    const frames = await page.evaluate<{ wheel: number[]; deltas: number[]; rowsAfter: number }>(SCROLL_SCRIPT);
    printFigures(`Log viewer: ${LINES.toLocaleString('en-US')} lines in Chromium (headless, no GPU)`, [
      { name: 'lines made in the page', value: ready.built, unit: 'ms' },
      { name: 'first render', value: ready.rendered - ready.built, unit: 'ms' },
      { name: 'rows in the DOM', value: Math.max(rows, frames.rowsAfter), unit: `(of ${LINES.toLocaleString('en-US')})` },
      { name: 'wheel scrolling, frame time p50', value: percentile(frames.wheel, 50), unit: 'ms' },
      { name: 'wheel scrolling, frame time p95', value: percentile(frames.wheel, 95), unit: 'ms', target: { op: '<=', value: 16.7 } },
      { name: 'flick and jumps, frame time p50', value: percentile(frames.deltas, 50), unit: 'ms' },
      { name: 'flick and jumps, frame time p95', value: percentile(frames.deltas, 95), unit: 'ms' },
      { name: 'flick and jumps, frame time max', value: Math.max(...frames.deltas), unit: 'ms' },
    ]);
  } finally {
    await server?.close();
    await browser.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
