import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PublicStatusPage } from '../shared/types/status-page';
import { renderNoStatusPage, renderStatusPage } from './status-page-html';

export const STATUS_PAGE_PREFIX = '/status';
/** Visitors and proxies may reuse a page this long; the engine rebuilds it every few seconds anyway. */
export const STATUS_PAGE_CACHE_CONTROL = 'public, max-age=15';

/**
 * GET /status/<slug>: the workspace's public status page, the one route that answers without a
 * token. It reads only `page(slug)` (the public fields) and renders HTML on the server: no API,
 * no console bundle, no WebSocket behind it. Any other path under /status/ and any other method
 * is refused, so the prefix cannot lead anywhere else.
 */
export function registerStatusPageRoute(app: FastifyInstance, page: (slug: string) => PublicStatusPage | null): void {
  // One render (and one gzip) per rebuilt page, however many visitors ask for it.
  let rendered: { page: PublicStatusPage; html: string; gzip: Buffer } | null = null;
  const notFound = (reply: FastifyReply) => reply.code(404).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderNoStatusPage());
  app.get<{ Params: { slug: string } }>(`${STATUS_PAGE_PREFIX}/:slug`, async (request, reply) => {
    const current = page(request.params.slug);
    if (current === null) return notFound(reply);
    if (rendered?.page !== current) {
      const html = renderStatusPage(current);
      rendered = { page: current, html, gzip: gzipSync(html) };
    }
    reply.code(200).header('Cache-Control', STATUS_PAGE_CACHE_CONTROL).header('Vary', 'Accept-Encoding').type('text/html; charset=utf-8');
    return acceptsGzip(request) ? reply.header('Content-Encoding', 'gzip').send(rendered.gzip) : reply.send(rendered.html);
  });
  app.get(`${STATUS_PAGE_PREFIX}/*`, async (_request, reply) => notFound(reply));
  app.get(STATUS_PAGE_PREFIX, async (_request, reply) => notFound(reply));
  app.route({
    method: ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: `${STATUS_PAGE_PREFIX}/*`,
    handler: async (_request, reply) =>
      reply.code(405).header('Allow', 'GET, HEAD').header('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send('the status page is read-only'),
  });
}

function acceptsGzip(request: FastifyRequest): boolean {
  const accepted = request.headers['accept-encoding'];
  return typeof accepted === 'string' && /\bgzip\b(?!;q=0(\.0*)?\b)/.test(accepted);
}
