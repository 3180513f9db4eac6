import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandTemplate } from '../../../src/core/actions/template';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import type { AlertTransition, AlertTransitions, RuleAction } from '../../../src/core/lifecycle/ports';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

/** Alerting's side of the door, driven by the test. */
class TransitionsDouble implements AlertTransitions {
  private readonly listeners = new Set<(event: AlertTransition) => void>();
  subscribe(listener: (event: AlertTransition) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  fire(event: AlertTransition): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** The `then:` actions exactly as the workspace schema parses them. */
function actions(yaml: string): RuleAction[] {
  const parsed = parseWorkspace(`version: 1\nservices:\n  api: { start: [sleep, "60"] }\nrules:\n  - alert: A\n    expr: up == 0\n    then:\n${yaml}`, {
    kinds: builtinKinds,
    file: 'x',
    processEnv: {},
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.workspace.config.rules[0]?.then ?? [];
}

function start(yaml: string) {
  const dir = tempDir();
  const transitions = new TransitionsDouble();
  const notified: string[][] = [];
  const engine = Engine.start({
    dataDir: tempDir(),
    workspacePath: writeFile(dir, 'zervigo.yaml', yaml),
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    operate: { ports: { transitions, notifier: { notify: async (channels) => void notified.push(channels) } } },
  });
  engines.push(engine);
  const audit = () => engine.operate.audit.list({ limit: 50 }).filter((entry) => entry.actor.startsWith('rule:'));
  return { engine, dir, transitions, notified, audit };
}

const workspace = 'version: 1\nservices:\n  api: { start: [sleep, "60"], restart: { backoff: 100ms..1s } }\n';

describe('rule actions (then:)', () => {
  it('expands {{ $labels.x }} and {{ $value }} in targets', () => {
    expect(expandTemplate('{{ $labels.service }}-{{$value}}-{{ $labels.nope }}', { service: 'api' }, 3)).toBe('api-3-');
  });

  it("restarts the service named by the alert's labels, audited under the rule", async () => {
    const { engine, transitions, audit } = start(workspace);
    // No probes: "running" (its process runs; nothing checks it).
    await waitFor(() => engine.services.list()[0]?.status === 'running', { what: 'autostart' });
    const pid = engine.services.list()[0]?.runtime?.pid;
    transitions.fire({
      rule: 'ServiceDown',
      state: 'firing',
      labels: { service: 'api' },
      value: 0,
      actions: actions('      - restart: "{{ $labels.service }}"\n'),
    });
    await waitFor(() => engine.services.list()[0]?.runtime?.pid !== pid && engine.services.list()[0]?.status === 'running', {
      timeoutMs: 5_000,
      what: 'the restart',
    });
    expect(engine.services.list()[0]?.runtime?.restarts).toBe(1);
    expect(audit().map((entry) => `${entry.actor} ${entry.action} ${entry.target} ${entry.outcome}`)).toContain('rule:ServiceDown restart api ok');
    // Resolving does nothing.
    transitions.fire({ rule: 'ServiceDown', state: 'resolved', labels: { service: 'api' }, value: 1, actions: actions('      - restart: api\n') });
  });

  it('holds every action back while automation is paused, audited as such, and runs them again once resumed', async () => {
    const { engine, transitions, audit } = start(workspace);
    await waitFor(() => engine.services.list()[0]?.status === 'running', { what: 'autostart' });
    const pid = engine.services.list()[0]?.runtime?.pid;
    engine.automationPause.set(true, 'ana', 'migrating the database');
    const firing: AlertTransition = {
      rule: 'ServiceDown',
      state: 'firing',
      labels: { service: 'api' },
      value: 0,
      actions: actions('      - restart: "{{ $labels.service }}"\n      - notify: [ops]\n'),
    };
    transitions.fire(firing);
    await waitFor(() => audit().length === 2, { what: 'both actions audited as held back' });
    expect(audit().map((entry) => [entry.action, entry.target, entry.outcome, entry.message])).toEqual([
      ['notify', 'ops', 'skipped', 'held back: automation is paused by ana'],
      ['restart', 'api', 'skipped', 'held back: automation is paused by ana'],
    ]);
    expect(engine.services.list()[0]?.runtime?.pid).toBe(pid);

    engine.automationPause.set(false, 'ana', null);
    transitions.fire(firing);
    await waitFor(() => engine.services.list()[0]?.runtime?.pid !== pid && engine.services.list()[0]?.status === 'running', {
      timeoutMs: 5_000,
      what: 'the restart once resumed',
    });
    expect(audit().map((entry) => `${entry.action} ${entry.outcome}`)).toContain('restart ok');
  });

  it('runs exec as argv with a timeout, records exit code and output; dry_run only records', async () => {
    const { transitions, audit, dir } = start(workspace);
    transitions.fire({
      rule: 'DiskFull',
      state: 'firing',
      labels: { mount: '/var; rm -rf /' },
      value: 97,
      actions: actions(`      - exec: [sh, -c, 'echo "cleaning $0 at $ZERVIGO_VALUE"; touch cleaned', "{{ $labels.mount }}"]
      - exec: [sleep, "30"]
        timeout: 300ms
      - stop: api
        dry_run: true
      - exec: no-such-cleaner-4711
`),
    });
    await waitFor(() => audit().length === 4 && audit().every((entry) => entry.outcome !== 'running'), { timeoutMs: 5_000, what: 'all four actions' });
    const [missing, dryRun, slow, clean] = audit();
    expect(clean).toMatchObject({
      action: 'exec',
      outcome: 'ok',
      message: 'exited with code 0',
      details: expect.objectContaining({ exitCode: 0, output: 'cleaning /var; rm -rf / at 97' }) as unknown,
    });
    expect(fs.existsSync(path.join(dir, 'cleaned'))).toBe(true);
    expect(slow).toMatchObject({ action: 'exec', outcome: 'failed', message: 'timed out after 300 ms; killed' });
    expect(dryRun).toMatchObject({ action: 'stop', target: 'api', outcome: 'dry_run', message: 'would stop api' });
    expect(missing).toMatchObject({
      action: 'exec',
      outcome: 'failed',
      message: 'start command not found: no-such-cleaner-4711 (not on PATH, or no such file)',
    });
  });

  it('notifies channels through alerting, and says so when a target is not a service', async () => {
    const { transitions, audit, notified } = start(workspace);
    transitions.fire({
      rule: 'Slow',
      state: 'firing',
      labels: { service: 'apx' },
      value: 2,
      actions: actions('      - notify: [ops, oncall]\n      - restart: "{{ $labels.service }}"\n'),
    });
    await waitFor(() => audit().length === 2, { what: 'both actions' });
    expect(notified).toEqual([['ops', 'oncall']]);
    expect(audit().map((entry) => [entry.action, entry.outcome, entry.message])).toEqual([
      ['restart', 'failed', 'no service "apx" in the workspace (from "{{ $labels.service }}")'],
      ['notify', 'ok', 'sent to ops, oncall'],
    ]);
  });
});
