import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startLoopbackDaemon } from './loopback-daemon';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

export function requirePrometheus(): void {
  for (const binary of [PROMETHEUS, PROMTOOL]) {
    if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: apt-get install -y prometheus (.ci/run does it)`);
  }
}

/** `promtool tsdb create-blocks-from openmetrics`: backfills a TSDB folder from an OpenMetrics file. */
export function backfillOpenMetrics(openMetricsFile: string, tsdbDir: string): void {
  const result = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', openMetricsFile, tsdbDir], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`promtool could not backfill: ${result.stderr || result.stdout}`);
}

export function promtoolCheckRules(file: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface RunningPrometheus {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** GET /api/v1/query; throws on anything but a success. */
  query(expr: string, atMs: number): Promise<{ resultType: string; result: unknown }>;
}

/** Debian's prometheus on 127.0.0.1 over a TSDB folder, with no scrape targets (and optionally a rule file); ready when it says so. */
export async function startPrometheus(
  tsdbDir: string,
  workDir: string,
  options: { ruleFile?: string; remoteWriteReceiver?: boolean } = {},
): Promise<RunningPrometheus> {
  const config = path.join(workDir, 'prometheus.yml');
  fs.writeFileSync(
    config,
    options.ruleFile === undefined ? 'global: {}\n' : `global: { evaluation_interval: 1s }\nrule_files: [${JSON.stringify(options.ruleFile)}]\n`,
  );
  const daemon = await startLoopbackDaemon(
    PROMETHEUS,
    (port) => [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdbDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=10y',
      '--log.level=warn',
      ...(options.remoteWriteReceiver === true ? ['--web.enable-remote-write-receiver'] : []),
    ],
    '/-/ready',
  );
  const url = daemon.url;
  return {
    url,
    child: daemon.child,
    stop: () => daemon.stop(),
    query: async (expr, atMs) => {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr, time: (atMs / 1000).toFixed(3) }).toString()}`);
      const body = (await response.json()) as { status: string; data?: { resultType: string; result: unknown }; error?: string };
      if (body.status !== 'success' || body.data === undefined) throw new Error(`prometheus refused ${expr}: ${body.error ?? response.status}`);
      return body.data;
    },
  };
}
