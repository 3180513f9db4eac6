import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { changedStartSettings, type StartSettings } from '../../../src/core/lifecycle/start-settings';
import type { ServiceView } from '../../../src/shared/types/service';
import type { ValidationResult } from '../../../src/shared/types/workspace';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;

describe('start settings that changed', () => {
  const base: StartSettings = { start: 'node server.js', shell: false, cwd: '/srv/api', env: { PORT: '80', MODE: 'a' }, stop: null, tmux: null };

  it('names each field as the workspace file does, env keys one by one', () => {
    expect(changedStartSettings(base, base)).toEqual([]);
    expect(changedStartSettings(base, { ...base, start: ['node', 'server.js'] })).toEqual(['start']);
    expect(changedStartSettings(base, { ...base, shell: true })).toEqual(['shell']);
    expect(changedStartSettings(base, { ...base, cwd: '/srv/api2', env: { PORT: '81', EXTRA: '1' } })).toEqual(['cwd', 'env.EXTRA', 'env.MODE', 'env.PORT']);
    expect(changedStartSettings(base, { ...base, stop: 'kill-it', tmux: { session: 'dev', window: 'api' } })).toEqual(['stop', 'tmux']);
  });
});

/** An engine (real clock) with a real child process, `api`, whose env and argv come from the file. */
function engineWith(yaml: string, environment?: string) {
  const dir = tempDir();
  const file = writeFile(dir, 'zervigo.yaml', yaml);
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, environment, shell: 'server', logger: silentLogger, processEnv: { REGION: 'eu' } });
  engines.push(engine);
  const api = () => engine.services.list().find((service) => service.name === 'api') as ServiceView;
  return { engine, file, api };
}

const yaml = (port: number) => `version: 1
environments:
  blue: { vars: { COLOUR: blue } }
  green: { vars: { COLOUR: green } }
services:
  api:
    start: [sleep, "60"]
    env: { PORT: "${port}", COLOUR: "\${COLOUR}", REGION: "\${REGION}" }
  web:
    start: [sleep, "60"]
    cwd: .
`;

describe('restart to apply, in the engine', () => {
  it('validate predicts it for a text not yet applied; applying flags the service; a restart clears it', async () => {
    const { engine, file, api } = engineWith(yaml(8080), 'blue');
    const pid = await waitFor(() => (api().runtime?.phase === 'running' ? api().runtime?.pid : undefined), { what: 'api to run' });
    const edited = yaml(9090).replace('    cwd: .\n', '    cwd: ..\n');
    const predicted = (await engine.dispatch('workspace.validate', { content: edited }, context)) as ValidationResult;
    expect(predicted).toEqual({
      ok: true,
      issues: [],
      restartToApply: [
        { service: 'api', fields: ['env.PORT'] },
        { service: 'web', fields: ['cwd'] },
      ],
    });
    // Only predicted: nothing is flagged until the text runs.
    expect(api().pendingRestart).toBeNull();

    fs.writeFileSync(file, edited);
    engine.workspace.reloadFromFile();
    expect(api().pendingRestart).toEqual({ fields: ['env.PORT'] });
    expect(api().runtime?.pid).toBe(pid);
    // The running text, validated again, is what waits.
    expect(
      ((await engine.dispatch('workspace.validate', { content: edited }, context)) as ValidationResult).restartToApply.map((entry) => entry.service),
    ).toEqual(['api', 'web']);

    await engine.dispatch('services.restart', { services: ['api'] }, context);
    expect(api().pendingRestart).toBeNull();
    expect(api().runtime?.pid).not.toBe(pid);
    expect(engine.services.list().find((service) => service.name === 'web')?.pendingRestart).toEqual({ fields: ['cwd'] });
  });

  it('a variable the environment pulls in: switching environments changes env.COLOUR', async () => {
    const { engine, api } = engineWith(yaml(8080), 'blue');
    await waitFor(() => api().runtime?.phase === 'running', { what: 'api to run' });
    await engine.dispatch('workspace.setEnvironment', { environment: 'green' }, context);
    expect(api().pendingRestart).toEqual({ fields: ['env.COLOUR'] });
    // Back to what it started with: nothing waits any more.
    await engine.dispatch('workspace.setEnvironment', { environment: 'blue' }, context);
    expect(api().pendingRestart).toBeNull();
  });

  it('a service that is not running has nothing waiting: it starts with what the file says', async () => {
    const { engine, file, api } = engineWith(
      yaml(8080).replace('    start: [sleep, "60"]\n    env:', '    start: [sleep, "60"]\n    autostart: false\n    env:'),
      'blue',
    );
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('8080', '8081'));
    engine.workspace.reloadFromFile();
    expect(api().pendingRestart).toBeNull();
    const predicted = (await engine.dispatch(
      'workspace.validate',
      { content: fs.readFileSync(file, 'utf8').replace('8081', '8082') },
      context,
    )) as ValidationResult;
    expect(api().runtime?.phase).toBe('stopped');
    expect(predicted.restartToApply.map((entry) => entry.service)).not.toContain('api');
  });
});
