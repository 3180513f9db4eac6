import type { FastifyReply } from 'fastify';
import { httpStatusOf, toErrorBody, type ErrorBody, type ErrorCode } from '../shared/errors';

export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const body = toErrorBody(error);
  return reply.code(httpStatusOf(body.code)).send({ error: body });
}

export function sendErrorCode(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { code, message };
  return reply.code(httpStatusOf(code)).send({ error: body });
}

/** Fastify's own errors (body too large, bad JSON, wrong content type) in our error shape. */
export function fromFastifyError(error: { code?: string; statusCode?: number; message: string }, bodyLimit: number): ErrorBody | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: `the request body is over the ${Math.round(bodyLimit / 1024)} KiB limit` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'invalid_input', message: 'send the body as JSON with Content-Type: application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'invalid_input', message: 'the JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'invalid_input', message: `the body is not valid JSON: ${error.message}` };
    default:
      if (error.statusCode === 400 && error.message.includes('JSON')) return { code: 'invalid_input', message: `the body is not valid JSON: ${error.message}` };
      return null;
  }
}
