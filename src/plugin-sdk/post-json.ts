/** Thrown by a channel for what retrying cannot fix (the receiver answered 400, 401, 404): the delivery is not tried again. */
export class PermanentError extends Error {
  readonly permanent = true;
}

/**
 * POSTs JSON the way the built-in channels do: a 2xx is delivered ("HTTP 204 …" is what the
 * receiver said), a 4xx other than 408 and 429 is a PermanentError, anything else an error Zervigo
 * retries with back-off. Redirects are refused (a webhook that moves is a configuration to fix).
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Zervigo', ...headers },
    body: JSON.stringify(body),
    signal,
    redirect: 'error',
  });
  const text = (await response.text().catch(() => '')).slice(0, 200).trim();
  const said = `HTTP ${response.status}${text === '' ? '' : ` ${text}`}`;
  if (response.ok) return said;
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw permanent ? new PermanentError(said) : new Error(said);
}
