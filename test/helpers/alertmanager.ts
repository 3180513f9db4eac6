import fs from 'node:fs';
import path from 'node:path';
import { startLoopbackDaemon, type LoopbackDaemon } from './loopback-daemon';

export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

export interface RunningAlertmanager extends LoopbackDaemon {
  /** GET /api/v2/alerts: what it holds now. */
  alerts(): Promise<{ labels: Record<string, string>; startsAt: string; endsAt: string; generatorURL?: string; status: { state: string } }[]>;
  /** POST /api/v2/silences; the new silence's id. */
  silence(matchers: { name: string; value: string; isRegex: boolean }[], endsAt: Date, comment: string): Promise<string>;
}

/**
 * Debian's prometheus-alertmanager on 127.0.0.1, alone (no cluster port), routing everything to
 * a webhook on 127.0.0.1 at once (group_wait 0s) and sending resolutions too.
 */
export async function startAlertmanager(workDir: string, webhookUrl: string): Promise<RunningAlertmanager> {
  if (!fs.existsSync(ALERTMANAGER)) throw new Error(`${ALERTMANAGER} is missing: apt-get install -y prometheus-alertmanager (npm test installs it)`);
  fs.mkdirSync(workDir, { recursive: true });
  const config = path.join(workDir, 'alertmanager.yml');
  fs.writeFileSync(
    config,
    `route: { receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }\nreceivers:\n  - name: hook\n    webhook_configs: [{ url: ${JSON.stringify(webhookUrl)}, send_resolved: true }]\n`,
  );
  const daemon = await startLoopbackDaemon(
    ALERTMANAGER,
    (port) => [
      `--config.file=${config}`,
      `--storage.path=${path.join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    '/-/ready',
  );
  return {
    ...daemon,
    alerts: async () => (await (await fetch(`${daemon.url}/api/v2/alerts`)).json()) as Awaited<ReturnType<RunningAlertmanager['alerts']>>,
    silence: async (matchers, endsAt, comment) => {
      const response = await fetch(`${daemon.url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ matchers, startsAt: new Date().toISOString(), endsAt: endsAt.toISOString(), createdBy: 'tester', comment }),
      });
      if (response.status !== 200) throw new Error(`alertmanager refused the silence: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { silenceID: string }).silenceID;
    },
  };
}
