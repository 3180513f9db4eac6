import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { ChatCompletionsServer, type ChatReply } from '../helpers/chat-completions-server';
import { runCli, startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

const fixture = path.join(__dirname, '..', 'fixtures', 'assistant', 'workspace.yaml');

/** The server under test is a child too: the CLI must not block this event loop. */
function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'zervigo.js'), ...args], {
      env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const dryRun = (text: string, ...extra: string[]) => runCli(['ask', '--workspace', fixture, '--dry-run', '--json', '--data-dir', tempDir(), ...extra, text]);

describe('zervigo ask --dry-run', () => {
  it('prints exactly what a sentence would do, from the workspace file alone', () => {
    const restart = dryRun('restart api and db');
    expect(restart.stderr).toBe('');
    expect(restart.status).toBe(0);
    expect(restart.stdout).toBe('{"commands":[{"command":"services.restart","input":{"services":["api","db"]}}]}\n');
    expect(JSON.parse(dryRun('看一下 db 最近一小时的错误日志').stdout)).toEqual({
      commands: [{ command: 'logs.search', input: { query: 'service:db level:error+', range: '1h' } }],
    });
    expect(JSON.parse(dryRun('stop worker', '--env', 'prod').stdout)).toEqual({
      commands: [{ command: 'services.stop', input: { services: ['worker'] } }],
      confirm: { environment: 'prod', message: 'stop in prod (confirm_destructive): confirm before running' },
    });
    expect(JSON.parse(dryRun('restart wrk').stdout)).toEqual({
      question: 'There is no service "wrk". Did you mean worker?',
      options: [{ label: 'Restart worker', commands: [{ command: 'services.restart', input: { services: ['worker'] } }] }],
    });
    expect(JSON.parse(dryRun('why is api down?').stdout)).toEqual({ explain: { question: 'why', service: 'api', symptom: 'down' } });
    expect(JSON.parse(dryRun('restart checkout').stdout)).toEqual({
      none: 'There is no service "checkout" in this workspace (services: db, cache, queue, auth, api, worker, web, gateway, payments).',
    });
  }, 60_000);

  it('renders the plan for a person without --json', () => {
    const result = runCli(['ask', '-w', fixture, '-n', '--env', 'prod', '--data-dir', tempDir(), 'bounce worker, then show its errors from the last hour']);
    expect(result.stdout.split('\n')).toEqual([
      'Would run:',
      '  1. restart worker    (services.restart)',
      '  2. search logs for service:worker level:error+ over the last 1h    (logs.search)',
      'Needs confirmation: restart in prod (confirm_destructive): confirm before running.',
      '',
    ]);
  });

  it("names alerts by what the data folder's store last held", async () => {
    const dataDir = tempDir();
    const engine = Engine.start({ dataDir, workspacePath: fixture, shell: 'server', logger: silentLogger, processEnv: {} });
    const alert = engine.notify.raiseExternal({ alertname: 'ServiceGivenUp', labels: { service: 'payments', severity: 'critical' } });
    await engine.stop();
    const result = runCli(['ask', '-w', fixture, '-n', '--json', '--data-dir', dataDir, 'ack the payments alert']);
    expect(JSON.parse(result.stdout)).toEqual({ commands: [{ command: 'alerts.acknowledge', input: { fingerprint: alert.fingerprint } }] });
  });
});

describe('zervigo ask against the running server', () => {
  it('shows what will run, asks for stops and restarts, and needs --confirm in a confirm_destructive environment', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
machine: false
environments: { dev: {}, prod: { confirm_destructive: true } }
services:
  db: { start: [sleep, "60"], autostart: false }
  api: { start: [sleep, "60"], depends_on: [db], autostart: false }
jobs:
  hello-report: { steps: [{ exec: [node, -e, "console.log('hi')"] }] }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const ask = (...args: string[]) => runCliAsync(['ask', '--url', serve.url, '--data-dir', dataDir, ...args]);

    const silence = await ask('silence db for 30m');
    expect(silence.stdout.split('\n').slice(0, 3)).toEqual([
      'Will run:',
      '  1. silence service=db for 30m    (silences.create)',
      'done: silence service=db for 30m',
    ]);
    expect(silence.status).toBe(0);

    const unasked = await ask('start db');
    expect(unasked.status).toBe(0);
    expect(unasked.stdout).toMatch(/^ {2}db\s+ready\s+started \(pid \d+\)/m);

    const unconfirmed = await ask('restart db');
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toBe('zervigo: stopping, restarting, deploying or running a job needs --yes when nobody is at the terminal to confirm\n');

    const restarted = await ask('--yes', 'restart db');
    expect(restarted.stderr).toBe('');
    expect(restarted.stdout).toMatch(/^ok: restart db in \d+\.\d s$/m);

    // A job is asked about like a restart, and its run is named so it can be followed.
    const job = await ask('--yes', 'run the report job');
    expect(job.stderr).toBe('');
    expect(job.stdout).toMatch(/^ {2}1\. run job hello-report {4}\(jobs\.run\)$/m);
    expect(job.stdout).toMatch(/^ok: Run #\d+ of hello-report: (running|succeeded) \(follow it: zervigo jobs show \d+\)$/m);

    // Questions about state are answered from the engine, and run nothing.
    const status = await ask('is db up');
    expect(status.stdout).toMatch(/^ {2}1\. show the status of db {4}\(services\.get\)$/m);
    expect(status.stdout).toMatch(/^ {2}db\s+running/m);
    // A restart by hand is recorded as its stop and start.
    const who = await ask('who restarted db');
    expect(who.stdout).toMatch(/^ {2}1\. search the audit log for db {4}\(audit\.list\)$/m);
    expect(who.stdout).toMatch(/^ {2}\S+ owner \(token api-token\) stop db ok/m);
    expect((await ask('did the report job succeed')).stdout).toMatch(/^ {2}#\d+ \S+ (running|succeeded)\s+manual/m);
    expect((await ask('what is firing')).stdout).toContain('no firing alerts');

    expect((await ask('switch to prod')).stdout).toContain('done: switch to the prod environment');
    expect((await ask('--yes', 'run hello-report')).stderr).toBe(
      'zervigo: run a job in prod (confirm_destructive): confirm before running: pass --confirm to run in prod\n',
    );
    const refused = await ask('--yes', 'stop db');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('zervigo: stop in prod (confirm_destructive): confirm before running: pass --confirm to run in prod\n');
    const confirmed = await ask('--confirm', 'stop db');
    expect(confirmed.stdout).toMatch(/^ok: stop db in \d+\.\d s$/m);

    const nothing = await ask('make me a sandwich');
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(/^Nothing I can run matches "make me a sandwich"/);
  }, 120_000);
});

describe('zervigo ask with a model configured (OpenAI-compatible, on 127.0.0.1)', () => {
  it("prints the model's answer and its look-ups, runs a proposal only with --yes, and falls back offline when the model is down", async () => {
    const model = await ChatCompletionsServer.start((request): ChatReply => {
      const question = request.body.messages[1]?.content ?? '';
      const answered = request.body.messages.some((message) => message.role === 'tool');
      if (answered) return { content: question.includes('wake') ? 'db is stopped; I propose starting it.' : 'db is stopped (services_list).' };
      return question.includes('wake')
        ? { toolCalls: [{ name: 'propose_command', arguments: { command: 'services.start', input: { services: ['db'] } } }] }
        : { toolCalls: [{ name: 'services_list', arguments: {} }] };
    });
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
machine: false
services:
  db: { start: [sleep, "60"], autostart: false }
assistant:
  model: { url: "${model.url}", model: local-llm, timeout: 5s }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const ask = (...args: string[]) => runCliAsync(['ask', '--url', serve.url, '--data-dir', dataDir, ...args]);

    const question = await ask('how are things looking overall?');
    expect(question.stderr).toBe('');
    expect(question.stdout).toBe('db is stopped (services_list).\n(local-llm, after looking at: services.list)\n');

    const proposed = await ask('could you wake everything up that sleeps?');
    expect(proposed.stdout.split('\n')).toEqual([
      'db is stopped; I propose starting it.',
      '(local-llm, without looking anything up)',
      'The model proposes:',
      '  1. start db    (services.start)',
      'Nothing was run (pass --yes to run what the model proposes).',
      '',
    ]);
    const ran = await ask('--yes', 'could you wake everything up that sleeps?');
    expect(ran.stdout).toMatch(/^ {2}db\s+ready\s+started \(pid \d+\)/m);

    const json = await ask('--json', 'how are things looking overall?');
    expect(JSON.parse(json.stdout)).toEqual({
      source: 'model',
      model: 'local-llm',
      text: 'db is stopped (services_list).',
      lookups: [{ command: 'services.list', input: {}, ok: true }],
      proposals: [],
    });

    await model.close();
    const offline = await ask('how are things looking overall?');
    expect(offline.status).toBe(1);
    expect(offline.stderr).toMatch(
      /^note: the model at http:\/\/127\.0\.0\.1:\d+\/v1 could not be reached \(ECONNREFUSED\); answered offline\nNothing I can run matches/,
    );
  }, 120_000);
});
