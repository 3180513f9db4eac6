import type { Dispatcher } from 'undici';
import { formatBytes } from '../../shared/byte-size';

export { formatBytes };

export class BodyTooLarge extends Error {}

/**
 * Reads a response body up to `limit` bytes: a 1 GB answer costs one read of the limit, then
 * the connection is dropped. The text is kept only when `keepText` (else it is counted and
 * discarded). `what` names the limit in the message ("max_body 1 MiB").
 */
export async function readBodyCapped(response: Dispatcher.ResponseData, limit: number, keepText: boolean, what: string): Promise<string | null> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    throw new BodyTooLarge(`the response body is ${formatBytes(declared)}, over ${what}`);
  }
  if (Number.isFinite(declared) && !keepText) {
    await response.body.dump({ limit });
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      response.body.destroy();
      throw new BodyTooLarge(`the response body is over ${what}; reading stopped`);
    }
    if (keepText) chunks.push(chunk);
  }
  return keepText ? Buffer.concat(chunks).toString('utf8') : null;
}
