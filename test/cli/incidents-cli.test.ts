import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../src/shared/types/incidents';
import { runCliAsync, startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

describe('zervigo incidents and explain', () => {
  it('--json prints what GET /api/v1/incidents returns; the summary and explain name the service that went down with its evidence', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    // Nothing listens on the port: the service is down from its first check.
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1\nmachine: false\nservices:\n  cache:\n    probes: [{ tcp: "127.0.0.1:${await freePort()}", every: 250ms, timeout: 250ms }]\n`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const token = fs.readFileSync(`${dataDir}/api-token`, 'utf8').trim();
    const api = async (): Promise<IncidentView[]> =>
      (await (await fetch(`${serve.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${token}` } })).json()) as IncidentView[];
    const ranked = await waitFor(async () => ((await api())[0]?.causes.length ?? 0) > 0, { timeoutMs: 20_000, what: 'a ranked incident' });
    expect(ranked).toBe(true);
    const cli = (...args: string[]) => runCliAsync([...args, '--url', serve.url, '--data-dir', dataDir]);

    const json = await cli('incidents', '--json');
    expect(json.stderr).toBe('');
    const printed = JSON.parse(json.stdout) as IncidentView[];
    expect(printed.map((incident) => incident.id)).toEqual((await api()).map((incident) => incident.id));
    expect(printed[0]).toMatchObject({ status: 'open', services: ['cache'], outages: [{ service: 'cache', status: 'down' }] });
    expect(printed[0]?.causes[0]).toMatchObject({ kind: 'service', target: 'cache' });

    const text = await cli('incidents');
    expect(text.stdout).toMatch(/^#1 {2}since .* \(open\) {2}cache: likely cache\n {2}1\. service +cache/);
    expect(text.stdout).toContain('cache went down at');

    const explained = await cli('explain', 'cache');
    expect(explained.stdout.split('\n')[0]).toBe('why is cache in trouble?');
    expect(explained.stdout).toContain('The most likely cause is the service cache');
    const unknown = await cli('explain', 'cahce');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('did you mean "cache"');
  }, 60_000);
});
