import fs from 'node:fs/promises';
import path from 'node:path';

/** The scheme and host the built renderer is served from in production. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'zervigo';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps `app://zervigo/<path>` to a file under `root`, or null when the request is not ours or
 * would leave the folder (`..`, encoded slashes, absolute or drive paths, NUL).
 */
export function resolveRendererPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${relative}`);
  return isInside(base, file) ? file : null;
}

export interface RendererFileOptions {
  root: string;
  /** Headers added to every answer (the Content-Security-Policy). */
  headers?: Record<string, string>;
}

/**
 * Answers one request of the app protocol from the built renderer. Paths without an extension
 * that match no file get index.html, so a reload on a client-side route still shows the app.
 */
export async function serveRendererFile(request: { url: string; method: string }, options: RendererFileOptions): Promise<Response> {
  const headers = { 'X-Content-Type-Options': 'nosniff', ...options.headers };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
  const file = resolveRendererPath(options.root, request.url);
  if (file === null) return new Response('not found', { status: 404, headers });
  const found =
    (await readInside(options.root, file)) ?? (path.extname(file) === '' ? await readInside(options.root, path.join(options.root, 'index.html')) : null);
  if (found === null) return new Response('not found', { status: 404, headers });
  const type = contentTypes[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(found.body), { status: 200, headers: { ...headers, 'Content-Type': type } });
}

/** Reads a file only if, with symlinks resolved, it still lies inside the root. */
async function readInside(root: string, file: string): Promise<{ file: string; body: Buffer } | null> {
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    if (!isInside(realRoot, realFile)) return null;
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) return null;
    return { file: realFile, body: await fs.readFile(realFile) };
  } catch {
    return null;
  }
}

function isInside(base: string, file: string): boolean {
  const relative = path.relative(base, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
