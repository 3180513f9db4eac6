import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { engineCall } from '../../helpers/engine-call';
import { personPrincipal } from '../../helpers/principals';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const person = { actor: 'ada', transport: 'http', principal: personPrincipal('admin', 'ada') } as const;
const operator = { actor: 'otto', transport: 'http', principal: personPrincipal('operator', 'otto') } as const;

function start(yaml: string, clock?: FakeClock): { engine: Engine; dir: string } {
  const dir = tempDir();
  const workspacePath = writeFile(dir, 'zervigo.yaml', `version: 1\nmachine: false\n${yaml}`);
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, clock });
  engines.push(engine);
  return { engine, dir };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('jobs through the engine', () => {
  it("runs exec steps in order, keeps each step's output and outcome, lists the run and audits it", async () => {
    const { engine } = start(`jobs:
  greet:
    steps:
      - exec: [sh, -c, 'echo hello from $ZERVIGO_JOB_TEST']
        env: { ZERVIGO_JOB_TEST: step-one }
      - { name: second, exec: [sh, -c, 'echo two; echo err >&2'] }
`);
    const run = await engineCall(engine, 'jobs.run', { name: 'greet', wait: true }, person);
    expect(run.outcome).toBe('succeeded');
    expect(run.actor).toBe('ada');
    expect(run.steps.map((step) => [step.name, step.outcome])).toEqual([
      [expect.stringContaining('sh -c'), 'succeeded'],
      ['second', 'succeeded'],
    ]);
    expect(run.steps[0]?.output).toContain('hello from step-one');
    expect(run.steps[1]?.output).toContain('two');
    expect(run.steps[1]?.output).toContain('err');
    const runs = await engineCall(engine, 'jobs.runs', { name: 'greet' }, person);
    expect(runs.map((entry) => entry.id)).toEqual([run.id]);
    const audit = await engineCall(engine, 'audit.list', { target: 'greet', limit: 10 }, person);
    expect(audit[0]).toMatchObject({ actor: 'ada', action: 'job.run', outcome: 'ok' });
    const [view] = await engineCall(engine, 'jobs.list', undefined, person);
    expect(view?.lastRun?.id).toBe(run.id);
  });

  it('a failing step ends the run, the steps after it are skipped and the declared rollback runs', async () => {
    const { engine, dir } = start(`jobs:
  migrate:
    steps:
      - exec: [sh, -c, 'exit 3']
      - exec: [touch, never]
    rollback:
      - exec: [touch, rolled-back]
`);
    const run = await engineCall(engine, 'jobs.run', { name: 'migrate', wait: true }, person);
    expect(run.outcome).toBe('failed');
    expect(run.message).toContain('exited with code 3');
    const main = run.steps.filter((step) => step.phase === 'steps');
    expect(main.map((step) => step.outcome)).toEqual(['failed', 'skipped']);
    expect(run.steps.find((step) => step.phase === 'rollback')?.outcome).toBe('succeeded');
    expect(fs.existsSync(path.join(dir, 'rolled-back'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('a step that hangs is killed at its timeout with its whole process group', async () => {
    const { engine, dir } = start(`jobs:
  hang:
    steps:
      - exec: [sh, -c, 'sleep 300 & echo $! > child.pid; wait']
        timeout: 300ms
`);
    const run = await engineCall(engine, 'jobs.run', { name: 'hang', wait: true }, person);
    expect(run.outcome).toBe('timed_out');
    expect(run.steps[0]?.message).toContain('its process group was killed');
    const child = Number(fs.readFileSync(path.join(dir, 'child.pid'), 'utf8'));
    await waitFor(() => !alive(child), { what: "the step's background child to be gone" });
  });

  it('a step whose binary is missing fails saying so', async () => {
    const { engine } = start(`jobs:
  missing:
    steps: [{ exec: [no-such-binary-zervigo, --x] }]
`);
    const run = await engineCall(engine, 'jobs.run', { name: 'missing', wait: true }, person);
    expect(run.outcome).toBe('failed');
    expect(run.steps[0]?.message).toMatch(/not found|no-such-binary-zervigo/);
  });

  it('concurrency forbid: a second start while one runs is recorded as skipped, naming the running one', async () => {
    const { engine, dir } = start(`jobs:
  slow:
    steps: [{ exec: [sh, -c, 'touch started; sleep 30'] }]
`);
    const first = await engineCall(engine, 'jobs.run', { name: 'slow' }, person);
    await waitFor(() => fs.existsSync(path.join(dir, 'started')), { what: 'the first run to start' });
    const second = await engineCall(engine, 'jobs.run', { name: 'slow' }, person);
    expect(second.outcome).toBe('skipped');
    expect(second.message).toContain(`run #${first.id}`);
    const cancelled = await engineCall(engine, 'jobs.cancel', { id: first.id }, person);
    expect(cancelled.outcome).toBe('cancelled');
  });

  it("a schedule fires on the engine's clock; paused automation holds it back, a person still runs the job", async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 5, 10, 0, 30));
    const { engine } = start(
      `jobs:
  tick:
    schedule: "* * * * *"
    timezone: UTC
    steps: [{ exec: ["true"] }]
`,
      clock,
    );
    const [view] = await engineCall(engine, 'jobs.list', undefined, person);
    expect(view?.nextRuns[0]).toBe(Date.UTC(2026, 11, 5, 10, 1, 0));
    clock.advance(30_000);
    const fired = await waitFor(async () => (await engineCall(engine, 'jobs.runs', { name: 'tick' }, person)).find((run) => run.outcome === 'succeeded'), {
      what: 'the scheduled run',
    });
    expect(fired).toMatchObject({ trigger: 'schedule', actor: 'schedule', scheduledFor: Date.UTC(2026, 11, 5, 10, 1, 0) });

    const state = await engineCall(engine, 'automation.setPaused', { paused: true, reason: 'maintenance window' }, person);
    expect(state).toMatchObject({ paused: true, by: 'ada', reason: 'maintenance window' });
    clock.advance(60_000);
    const held = await waitFor(async () => (await engineCall(engine, 'jobs.runs', { name: 'tick' }, person)).find((run) => run.outcome === 'skipped'), {
      what: 'the held-back run',
    });
    expect(held.message).toContain('automation is paused by ada');
    const manual = await engineCall(engine, 'jobs.run', { name: 'tick', wait: true }, person);
    expect(manual.outcome).toBe('succeeded');
  });

  it('an invalid cron expression is refused at file:line:col', () => {
    const text = 'version: 1\njobs:\n  nightly:\n    schedule: "61 * * * *"\n    steps: [{ exec: ["true"] }]\n';
    const result = parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ line: 4 });
    expect(result.issues[0]?.path).toContain('schedule');
    expect(result.issues[0]?.col).toBeGreaterThan(1);
  });

  it("an operator runs a job with exec steps (its own or a called job's) only as a dry run: commands need an admin", async () => {
    const { engine, dir } = start(`jobs:
  cmd: { steps: [{ exec: [touch, ran] }] }
  quiet: { steps: [{ job: cmd }] }
`);
    await expect(engineCall(engine, 'jobs.run', { name: 'cmd', wait: true }, operator)).rejects.toThrow(
      /otto may not run cmd: it runs commands on this machine/,
    );
    await expect(engineCall(engine, 'jobs.run', { name: 'quiet', wait: true }, operator)).rejects.toThrow(/otto may not run quiet/);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
    const dry = await engineCall(engine, 'jobs.run', { name: 'cmd', dryRun: true, wait: true }, operator);
    expect(dry.outcome).toBe('dry_run');
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
    const audit = await engineCall(engine, 'audit.list', { target: 'cmd', outcome: 'refused', limit: 5 }, person);
    expect(audit[0]?.actor).toBe('otto');
    expect((await engineCall(engine, 'jobs.run', { name: 'cmd', wait: true }, person)).outcome).toBe('succeeded');
  });

  it('an unknown job is answered with the jobs there are', async () => {
    const { engine } = start('jobs:\n  a: { steps: [{ exec: ["true"] }] }\n');
    await expect(engineCall(engine, 'jobs.run', { name: 'b' }, person)).rejects.toThrow(/no job "b".*jobs: a/);
  });
});
