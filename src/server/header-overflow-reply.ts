import http from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '../shared/errors';
import { API_PREFIX } from '../shared/wire';

/** How much of the request line is quoted back. */
const QUOTED_PATH = 120;

/**
 * Node reads at most 16 KiB of request line and headers (http.maxHeaderSize) and, beyond it,
 * fails the request before any route runs: Fastify's answer was a bare 431 in its own shape.
 * This answers in the API's error shape and says what to do: a query string that long cannot
 * be read, so send the same input as a JSON body to the command's POST /rpc route (named when the
 * request line shows a GET route of the contract). `restCommands`: "GET /api/v1/insights" → "insights.list".
 */
export function answerHeaderOverflow(server: http.Server, restCommands: ReadonlyMap<string, string>): void {
  // Before Fastify's own handler: once this one has answered and closed the socket, that one does nothing.
  server.prependListener('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || socket.destroyed || !socket.writable) return;
    const body: ErrorBody = { code: 'header_too_large', message: overflowMessage(error.rawPacket, restCommands) };
    const json = JSON.stringify({ error: body });
    socket.write(
      `HTTP/1.1 431 ${http.STATUS_CODES[431]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
    socket.destroy();
  });
}

function overflowMessage(raw: Buffer | undefined, restCommands: ReadonlyMap<string, string>): string {
  const limit = `${Math.round(http.maxHeaderSize / 1024)} KiB`;
  const line = /^([A-Z]+) (\/[^ ?#\r\n]*)(\?)?/.exec(raw?.subarray(0, QUOTED_PATH + 20).toString('latin1') ?? '');
  if (line === null)
    return `the request line and headers are over the ${limit} the server reads; send long input as a JSON body (POST ${API_PREFIX}/rpc/<command>)`;
  const [, method, path, query] = line as unknown as [string, string, string, string | undefined];
  const route = `${method} ${path.slice(0, QUOTED_PATH)}`;
  const command = restCommands.get(`${method} ${path}`);
  const what = query === undefined ? 'the request line and headers are' : 'the query string is';
  const instead = command === undefined ? `POST ${API_PREFIX}/rpc/<command>` : `POST ${API_PREFIX}/rpc/${command}`;
  return `${route}: ${what} over the ${limit} the server reads, so the request was not read; input that long goes in a JSON body to ${instead}, where the command's own limits apply`;
}
