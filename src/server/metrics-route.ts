import type { FastifyInstance } from 'fastify';
import type { ServerBackend } from './backend';
import { sendError } from './error-reply';

export const METRICS_PATH = '/metrics';

/**
 * GET /metrics: the latest value of every probe and machine series in Prometheus text format,
 * so a real Prometheus can scrape Zervigo (with the token, like every API route:
 * `authorization: { credentials: <token> }` in its scrape config).
 */
export function registerMetricsRoute(app: FastifyInstance, backend: ServerBackend): void {
  app.get(METRICS_PATH, async (_request, reply) => {
    try {
      const text = (await backend.dispatch('metrics.exposition', undefined, { actor: 'scraper', transport: 'http' })) as string;
      return reply.code(200).type('text/plain; version=0.0.4; charset=utf-8').send(text);
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
