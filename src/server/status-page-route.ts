import type { FastifyInstance, FastifyReply } from 'fastify';
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
  // One render per rebuilt page, however many visitors ask for it.
  let rendered: { page: PublicStatusPage; html: string } | null = null;
  const notFound = (reply: FastifyReply) => reply.code(404).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderNoStatusPage());
  app.get<{ Params: { slug: string } }>(`${STATUS_PAGE_PREFIX}/:slug`, async (request, reply) => {
    const current = page(request.params.slug);
    if (current === null) return notFound(reply);
    if (rendered?.page !== current) rendered = { page: current, html: renderStatusPage(current) };
    return reply.code(200).header('Cache-Control', STATUS_PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(rendered.html);
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
