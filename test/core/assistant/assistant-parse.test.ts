import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { CallContext } from '../../../src/shared/contract';
import type { AssistantPlan } from '../../../src/shared/contract/assistant-plan';
import type { AlertView, SilenceView } from '../../../src/shared/types/alerts';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const workspace = (extra = ''): string => `version: 1
machine: false
environments: { dev: {}, prod: { confirm_destructive: true } }
services:
  api: { start: [sleep, "60"], autostart: false }
  db: { start: [sleep, "60"], autostart: false }
${extra}`;

const context: CallContext = { actor: 'assistant-test', transport: 'internal' };

function start(extra = ''): { engine: Engine; file: string } {
  const dir = tempDir();
  const file = writeFile(dir, 'zervigo.yaml', workspace(extra));
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return { engine, file };
}

describe('assistant.parse in the engine', () => {
  it('plans over the running workspace, and the plan runs through the same contract', async () => {
    const { engine } = start();
    const plan = (await engine.dispatch('assistant.parse', { text: 'silence api for 2h' }, context)) as AssistantPlan;
    expect(plan).toEqual({
      commands: [
        { command: 'silences.create', input: { matchers: [{ name: 'service', value: 'api' }], duration: '2h', comment: 'silenced for 2h from the assistant' } },
      ],
    });
    if (!('commands' in plan)) throw new Error('expected commands');
    for (const command of plan.commands) await engine.dispatch(command.command, command.input, context);
    const silences = (await engine.dispatch('silences.list', {}, context)) as SilenceView[];
    expect(silences.map((silence) => silence.matchers)).toEqual([[{ name: 'service', value: 'api', isRegex: false, isEqual: true }]]);
  });

  it('ends a real silence by a sentence, and then no longer offers it', async () => {
    const { engine } = start();
    await engine.dispatch('silences.create', { matchers: [{ name: 'service', value: 'db' }], duration: '2h', comment: 'maintenance' }, context);
    const plan = (await engine.dispatch('assistant.parse', { text: 'remove the silence on db' }, context)) as AssistantPlan;
    const [silence] = (await engine.dispatch('silences.list', {}, context)) as SilenceView[];
    expect(plan).toEqual({ commands: [{ command: 'silences.expire', input: { id: silence?.id } }] });
    if (!('commands' in plan)) throw new Error('expected commands');
    await engine.dispatch(plan.commands[0]?.command as string, plan.commands[0]?.input, context);
    expect(((await engine.dispatch('silences.list', {}, context)) as SilenceView[])[0]?.state).toBe('expired');
    expect(await engine.dispatch('assistant.parse', { text: 'unmute db' }, context)).toEqual({
      none: expect.stringContaining('No silence is in force') as string,
    });
  });

  it('acknowledges a real firing alert by a sentence naming its service', async () => {
    const { engine } = start();
    const raised = engine.notify.raiseExternal({ alertname: 'ServiceGivenUp', labels: { service: 'db', severity: 'critical' } });
    engine.notify.raiseExternal({ alertname: 'ServiceGivenUp', labels: { service: 'api', severity: 'critical' } });
    const plan = (await engine.dispatch('assistant.parse', { text: '确认 db 的告警' }, context)) as AssistantPlan;
    expect(plan).toEqual({ commands: [{ command: 'alerts.acknowledge', input: { fingerprint: raised.fingerprint } }] });
    if (!('commands' in plan)) throw new Error('expected commands');
    await engine.dispatch(plan.commands[0]?.command as string, plan.commands[0]?.input, context);
    const alerts = (await engine.dispatch('alerts.list', {}, context)) as AlertView[];
    expect(alerts.find((alert) => alert.fingerprint === raised.fingerprint)?.ack?.by).toBe('assistant-test');
    // Once acknowledged it is no longer offered; the other one is the only candidate left.
    expect(await engine.dispatch('assistant.parse', { text: 'ack ServiceGivenUp' }, context)).toMatchObject({ commands: [{ command: 'alerts.acknowledge' }] });
  });

  it('follows the workspace and its environment as they change', async () => {
    const { engine, file } = start();
    expect(await engine.dispatch('assistant.parse', { text: 'restart search' }, context)).toHaveProperty('none');
    engine.workspace.save(workspace('  search: { start: [sleep, "60"], autostart: false }\n'), 'app');
    expect(await engine.dispatch('assistant.parse', { text: 'restart search' }, context)).toEqual({
      commands: [{ command: 'services.restart', input: { services: ['search'] } }],
    });
    await engine.dispatch('workspace.setEnvironment', { environment: 'prod' }, context);
    expect(await engine.dispatch('assistant.parse', { text: 'stop db' }, context)).toMatchObject({ confirm: { environment: 'prod' } });
    expect(path.basename(file)).toBe('zervigo.yaml');
  });

  it('"restart whatever is down" names the services down now, from the engine\'s own states', async () => {
    const { engine } = start('  flaky:\n    start: [sh, -c, "exit 3"]\n    restart: { backoff: 50ms..100ms, budget: 1 within 1m }\n');
    await waitFor(() => engine.services.list().find((service) => service.name === 'flaky')?.status === 'given_up', {
      timeoutMs: 10_000,
      what: 'flaky to give up',
    });
    // api and db are stopped (autostart: false): stopped is not down.
    expect(await engine.dispatch('assistant.parse', { text: 'restart everything that crashed' }, context)).toEqual({
      commands: [{ command: 'services.restart', input: { services: ['flaky'] } }],
    });
  });

  it('refuses input the contract does not accept, with a message', async () => {
    const { engine } = start();
    await expect(engine.dispatch('assistant.parse', { text: 'x'.repeat(2_001) }, context)).rejects.toThrow('the text is over 2,000 characters');
    await expect(engine.dispatch('assistant.parse', { words: 'restart api' }, context)).rejects.toThrow(/invalid input for assistant\.parse/);
    expect(await engine.dispatch('assistant.parse', { text: 'restart api', utcOffsetMinutes: 480 }, context)).toEqual({
      commands: [{ command: 'services.restart', input: { services: ['api'] } }],
    });
  });
});
