import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { startLoopbackDaemon } from './loopback-daemon';

export const VICTORIA_METRICS = '/usr/bin/victoria-metrics';

export interface RunningVictoriaMetrics {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Makes what was written searchable at once (VictoriaMetrics buffers for about a second). */
  flush(): Promise<void>;
  /** GET /api/v1/export: the raw samples of every matching series. */
  exportSeries(selector: string): Promise<{ metric: Record<string, string>; values: number[]; timestamps: number[] }[]>;
  /** GET /api/v1/query_range; the matrix result. */
  queryRange(expr: string, startMs: number, endMs: number, stepSeconds: number): Promise<{ metric: Record<string, string>; values: [number, string][] }[]>;
}

/** Debian's victoria-metrics on 127.0.0.1 over its own data folder, stopped by pid. */
export async function startVictoriaMetrics(dataDir: string): Promise<RunningVictoriaMetrics> {
  if (!fs.existsSync(VICTORIA_METRICS)) throw new Error(`${VICTORIA_METRICS} is missing: apt-get install -y victoria-metrics (npm test installs it)`);
  const daemon = await startLoopbackDaemon(
    VICTORIA_METRICS,
    (port) => [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${dataDir}`,
      '-retentionPeriod=100y',
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=ERROR',
      '-selfScrapeInterval=0',
    ],
    '/health',
  );
  const url = daemon.url;
  return {
    url,
    child: daemon.child,
    stop: () => daemon.stop(),
    flush: async () => void (await fetch(`${url}/internal/force_flush`)),
    exportSeries: async (selector) => {
      const response = await fetch(`${url}/api/v1/export?${new URLSearchParams({ 'match[]': selector }).toString()}`);
      if (response.status !== 200) throw new Error(`victoria-metrics export answered ${response.status}: ${await response.text()}`);
      return (await response.text())
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { metric: Record<string, string>; values: number[]; timestamps: number[] });
    },
    queryRange: async (expr, startMs, endMs, stepSeconds) => {
      const params = new URLSearchParams({
        query: expr,
        start: (startMs / 1000).toFixed(3),
        end: (endMs / 1000).toFixed(3),
        step: `${stepSeconds}s`,
        nocache: '1',
      });
      const response = await fetch(`${url}/api/v1/query_range?${params.toString()}`);
      const body = (await response.json()) as {
        status: string;
        data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
        error?: string;
      };
      if (body.status !== 'success' || body.data === undefined) throw new Error(`victoria-metrics refused ${expr}: ${body.error ?? response.status}`);
      return body.data.result;
    },
  };
}
