import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../shared/wire';
import { callContextOf } from './auth/request-principal';
import { backendOf, type HostedBackends } from './hosted-backends';
import { sendError } from './error-reply';

/** POST /api/v1/rpc/<command>: every command of the contract, input as the JSON body. */
export function registerRpcRoutes(app: FastifyInstance, hosted: HostedBackends): void {
  app.post<{ Params: { command: string } }>(`${API_PREFIX}/rpc/:command`, async (request, reply) => {
    try {
      const value = await backendOf(hosted, request).dispatch(request.params.command, request.body ?? undefined, callContextOf(request));
      return reply
        .code(200)
        .type('application/json')
        .send(JSON.stringify(value ?? null));
    } catch (error) {
      return sendError(reply, error);
    }
  });
}

/**
 * Readable routes for commands that declare one (GET /api/v1/services...). GET and DELETE
 * take their input from the query string, the others from the JSON body; `:name` segments of
 * the path are merged in. Validation is the dispatcher's, exactly as for /rpc.
 */
export function registerRestRoutes(app: FastifyInstance, hosted: HostedBackends): void {
  for (const [name, spec] of Object.entries(hosted.first.commands)) {
    if (spec.rest === undefined) continue;
    const { method, path } = spec.rest;
    app.route<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: unknown }>({
      method,
      url: `${API_PREFIX}${path}`,
      handler: async (request, reply) => {
        const fromQuery = method === 'GET' || method === 'DELETE';
        const base = fromQuery ? { ...request.query } : request.body;
        const params = request.params;
        const input = Object.keys(params).length === 0 ? base : { ...(typeof base === 'object' && base !== null ? base : {}), ...params };
        const empty = input === undefined || (typeof input === 'object' && input !== null && Object.keys(input).length === 0);
        try {
          const value = await backendOf(hosted, request).dispatch(name, empty ? undefined : input, callContextOf(request));
          return reply
            .code(200)
            .type('application/json')
            .send(JSON.stringify(value ?? null));
        } catch (error) {
          return sendError(reply, error);
        }
      },
    });
  }
}
