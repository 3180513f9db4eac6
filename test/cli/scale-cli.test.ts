import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/types/operate';
import { runCliAsync } from '../helpers/cli';
import { serveEngine } from '../helpers/serve-engine';
import { waitFor } from '../helpers/wait-for';

describe('zervigo scale', () => {
  it('scales a replicated service of the running console, and says why it will not', async () => {
    const { service, url, dataDir, call } = await serveEngine(`version: 1
machine: false
services:
  web:
    start: [sleep, "600"]
    scale: { min: 1, max: 3, up: 'vector(0) > 1', every: 1h }
  solo:
    start: [sleep, "600"]
`);
    await waitFor(async () => (await service('web')).reason === '1/1 up', { timeoutMs: 20_000, what: 'web 1/1 up' });
    const cli = (...args: string[]) => runCliAsync(['scale', ...args, '--url', url, '--data-dir', dataDir]);

    const scaled = await cli('web', '3', '--reason', 'load test');
    expect(scaled.stderr).toBe('');
    expect(scaled).toMatchObject({ status: 0, stdout: '1 → 3 replicas (load test): added web#2, web#3, ready\n' });
    expect((await service('web')).reason).toBe('3/3 up');
    const audit = await call<AuditEntry[]>('GET', '/audit?target=web&action=scale');
    expect(audit.body[0]?.outcome).toBe('ok');
    expect(audit.body[0]?.message).toContain('load test');

    expect(await cli('web', '4')).toMatchObject({ status: 1, stdout: '', stderr: 'zervigo: web scales within 1..3; 4 is outside it\n' });
    expect(await cli('solo', '2')).toMatchObject({
      status: 1,
      stderr: 'zervigo: solo is not replicated: give it replicas: N (or scale:) in the workspace first\n',
    });
    const fraction = await cli('web', '2.5');
    expect(fraction.status).toBe(1);
    expect(fraction.stderr).toContain('replicas is a whole number of replicas, e.g. 3');
    expect((await service('web')).runtime?.replicas).toHaveLength(3);
  }, 60_000);
});
