import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../shared/wire';
import { sendErrorCode } from './error-reply';
import { isSafeStaticPath } from './static-path';

/** The same policy as the desktop window: our own scripts only, no frames, no plugins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Serves the built renderer (out/renderer) as the web console. */
export async function registerStaticRenderer(app: FastifyInstance, rendererDir: string | null): Promise<void> {
  // A path trying to leave the folder is answered like any missing file, before the file server sees it.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(`${API_PREFIX}/`) && !isSafeStaticPath(request.url)) return sendErrorCode(reply, 'not_found', 'no such file');
    return undefined;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });
  const index = rendererDir === null ? null : path.join(rendererDir, 'index.html');
  if (rendererDir === null || index === null || !fs.existsSync(index)) {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web console is not built. Run `npm run build`, then start `zervigo serve` again. The API works: /api/v1/...'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: rendererDir, prefix: '/', index: 'index.html', wildcard: true, cacheControl: true, maxAge: 0 });
}
