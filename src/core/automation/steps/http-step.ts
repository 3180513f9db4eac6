import { stepSchema } from '../../config/schema';
import { formatDuration } from '../../../shared/duration';
import type { KindConfig, StepKind } from './step-kind';

type HttpConfig = KindConfig<'http'>;

/** Sends one HTTP request; passes on the expected statuses (any 2xx by default). */
export const httpStep: StepKind<{ http: HttpConfig }> = {
  kind: 'http',
  schema: stepSchema,
  describe: ({ http }) => `${http.method} ${http.url}`,
  destructive: () => false,
  async run({ http }, context) {
    if (context.dryRun) {
      context.output(`would send ${http.method} ${http.url}${http.body === undefined ? '' : ` with a ${http.body.length}-character body`}\n`);
      return { ok: true, message: 'dry run' };
    }
    const timeout = AbortSignal.timeout(context.timeoutMs);
    try {
      const response = await fetch(http.url, {
        method: http.method,
        headers: http.headers,
        body: http.body,
        signal: AbortSignal.any([context.signal, timeout]),
      });
      const text = http.method === 'HEAD' ? '' : await response.text();
      context.output(`HTTP ${response.status}\n${text.slice(0, 4096)}${text.length > 4096 ? '\n…' : ''}\n`);
      const ok = http.expect_status.length === 0 ? response.status >= 200 && response.status < 300 : http.expect_status.includes(response.status);
      return {
        ok,
        message: ok
          ? `HTTP ${response.status}`
          : `HTTP ${response.status}, expected ${http.expect_status.length === 0 ? '2xx' : http.expect_status.join(' or ')}`,
      };
    } catch (error) {
      if (timeout.aborted) return { ok: false, timedOut: true, message: `no answer within ${formatDuration(context.timeoutMs)}` };
      if (context.signal.aborted) return { ok: false, message: 'cancelled' };
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      return { ok: false, message: `${http.url} cannot be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
    }
  },
};
