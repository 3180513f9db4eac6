import type { FastifyInstance } from 'fastify';
import { callContextOf } from './auth/request-principal';
import { backendOf, type HostedBackends } from './hosted-backends';
import { sendError } from './error-reply';

export const METRICS_PATH = '/metrics';

/**
 * GET /metrics: the latest value of every probe and machine series in Prometheus text format,
 * so a real Prometheus can scrape Zervigo (with the token, like every API route:
 * `authorization: { credentials: <token> }` in its scrape config; a token scoped to view is enough).
 */
export function registerMetricsRoute(app: FastifyInstance, hosted: HostedBackends): void {
  app.get(METRICS_PATH, async (request, reply) => {
    try {
      const text = (await backendOf(hosted, request).dispatch('metrics.exposition', undefined, callContextOf(request))) as string;
      return reply.code(200).type('text/plain; version=0.0.4; charset=utf-8').send(text);
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
