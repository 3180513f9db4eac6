import type { FastifyReply } from 'fastify';
import { formatBytes } from '../shared/byte-size';
import { errorCodes, httpStatusOf, toErrorBody, type ErrorBody, type ErrorCode } from '../shared/errors';

export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const body = toErrorBody(error);
  return reply.code(httpStatusOf(body.code)).send({ error: body });
}

export function sendErrorCode(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { code, message };
  return reply.code(httpStatusOf(code)).send({ error: body });
}

/** 429 with Retry-After: the client waits this many seconds before trying again. */
export function sendThrottled(reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  reply.header('Retry-After', String(retryAfterSeconds));
  return sendErrorCode(reply, 'too_many_requests', `too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`);
}

/** Fastify's own errors (body too large, bad JSON, wrong content type) in our error shape. */
export function fromFastifyError(error: { code?: string; statusCode?: number; message: string }, bodyLimit: number): ErrorBody | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: `the request body is over the ${formatBytes(bodyLimit)} limit` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'invalid_input', message: 'send the body as JSON with Content-Type: application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'invalid_input', message: 'the JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'invalid_input', message: `the body is not valid JSON: ${error.message}` };
    default:
      // The file server refuses a path leaving its folder as "forbidden": to the client it is just not there.
      if (error.code === 'FST_STATIC_FORBIDDEN_PATH') return { code: 'not_found', message: 'no such file' };
      if (error.statusCode === 400 && error.message.includes('JSON')) return { code: 'invalid_input', message: `the body is not valid JSON: ${error.message}` };
      // Any other error a request's own content caused (4xx) is answered as such, and not logged.
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
        return { code: clientErrorCode(error.statusCode), message: error.message };
      return null;
  }
}

function clientErrorCode(status: number): ErrorCode {
  const code = (Object.keys(errorCodes) as ErrorCode[]).find((candidate) => errorCodes[candidate] === status);
  return code ?? 'invalid_input';
}
