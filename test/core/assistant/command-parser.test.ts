import { describe, expect, it } from 'vitest';
import { CommandParser } from '../../../src/core/assistant/intent/command-parser';
import { vocabularyFromWorkspace, type AlertInstance } from '../../../src/core/assistant/intent/entities/vocabulary';
import { none, type IntentDefinition } from '../../../src/core/assistant/intent/intents/intent';
import { intents } from '../../../src/core/assistant/intent/intents/registry';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { commands } from '../../../src/shared/contract';
import { ExplainRequestSchema } from '../../../src/shared/contract/assistant';
import type { AssistantPlan } from '../../../src/shared/contract/assistant-plan';
import { builtinKinds } from '../../../src/core/builtin-kinds';

/** A workspace unlike the labelled set's, so these check the capability rather than its names. */
const workspace = `version: 1
environment: staging
environments:
  staging: {}
  prod: { confirm_destructive: true }
machine: false
services:
  postgres: { start: postgres -D data, cwd: ./pg }
  redis: { start: redis-server }
  checkout: { start: node checkout.js, tmux: true }
  billing-worker: { start: node billing.js }
  worker-2: { start: node worker.js }
  frontend: { start: npm run dev, tmux: { session: ui, window: dev } }
rules:
  - { alert: HighLatency, expr: 'probe_duration_seconds > 1', labels: { severity: warning } }
  - { alert: DiskFull, expr: 'system_disk_used_percent > 95', labels: { severity: critical } }
  - { alert: CertExpiry, expr: 'probe_ssl_cert_days_left < 7' }
channels:
  pager: { webhook: { url: "http://127.0.0.1:9/hook" } }
`;

const NOW = Date.parse('2026-03-10T14:03:00Z');
function parserFor(environment: string | null = null, alerts: AlertInstance[] = [], list: readonly IntentDefinition[] = intents): CommandParser {
  const parsed = parseWorkspace(workspace, { kinds: builtinKinds, file: 'zervigo.yaml', environment, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return new CommandParser(
    vocabularyFromWorkspace(parsed.workspace.config, { environment: parsed.workspace.environment, workspaceDir: '/srv/shop', alerts }),
    list,
  );
}
const parse = (text: string, options: { environment?: string; utcOffsetMinutes?: number; alerts?: AlertInstance[] } = {}): AssistantPlan =>
  parserFor(options.environment ?? null, options.alerts).parse(text, { now: NOW, utcOffsetMinutes: options.utcOffsetMinutes ?? 0 });

describe('the natural-language command parser', () => {
  it('reads names from the workspace with typos scaled to their length, in either language, without spaces', () => {
    expect(parse('restart chekout')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] });
    expect(parse('rstart postgress and redis')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['postgres', 'redis'] } }] });
    expect(parse('stop billing worker')).toEqual({ commands: [{ command: 'services.stop', input: { services: ['billing-worker'] } }] });
    expect(parse('restart worker 2')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['worker-2'] } }] });
    expect(parse('restart the database')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['postgres'] } }] });
    expect(parse('把checkout重启一下')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] });
    expect(parse('重启 checkout and redis')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['checkout', 'redis'] } }] });
    // Two letters are too few to guess from: asked, never acted on.
    expect(parse('restart re')).toMatchObject({ question: expect.stringContaining('redis') as string });
  });

  it('asks rather than guesses a target for a destructive action, and says when a name does not exist', () => {
    for (const text of ['restart', 'stop it', '停掉', 'restart chk']) {
      const plan = parse(text);
      expect(plan, text).toHaveProperty('question');
      expect('commands' in plan).toBe(false);
    }
    expect(parse('stop f')).toEqual({
      question: 'There is no service "f". Did you mean frontend?',
      options: [{ label: 'Stop frontend', commands: [{ command: 'services.stop', input: { services: ['frontend'] } }] }],
    });
    expect(parse('restart inventory')).toEqual({
      none: 'There is no service "inventory" in this workspace (services: postgres, redis, checkout, billing-worker, worker-2, frontend).',
    });
    expect(parse('restart checkout and inventory')).toMatchObject({ question: 'There is no service "inventory". Restart checkout only?' });
    expect(parse('why is inventory down')).toHaveProperty('none');
    expect(parse('stop restarting checkout')).toHaveProperty('none');
    expect(parse("don't restart checkout")).toHaveProperty('none');
    expect(parse('不要重启 checkout')).toHaveProperty('none');
    // Nothing schedules: a time on a stop or restart is asked about, never run now silently.
    expect(parse('restart checkout in 10 minutes')).toEqual({
      question: 'Zervigo does not schedule ("10 minutes"): restart checkout now?',
      options: [{ label: 'Restart checkout now', commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] }],
    });
    expect(parse('stop redis at midnight')).toHaveProperty('question');
    expect(parse('restart checkout in prod')).toMatchObject({
      options: [
        {
          commands: [
            { command: 'workspace.setEnvironment', input: { environment: 'prod' } },
            { command: 'services.restart', input: { services: ['checkout'] } },
          ],
        },
      ],
    });
  });

  it('marks stops and restarts that run in a confirm_destructive environment, and only those', () => {
    expect(parse('restart checkout', { environment: 'prod' })).toEqual({
      commands: [{ command: 'services.restart', input: { services: ['checkout'] } }],
      confirm: { environment: 'prod', message: 'restart in prod (confirm_destructive): confirm before running' },
    });
    expect(parse('start checkout', { environment: 'prod' })).toEqual({ commands: [{ command: 'services.start', input: { services: ['checkout'] } }] });
    expect(parse('restart checkout')).not.toHaveProperty('confirm');
    expect(parse('switch to prod and stop redis')).toMatchObject({ confirm: { environment: 'prod' } });
  });

  it("reads times in the operator's zone: a clock time still to come today means yesterday's", () => {
    expect(parse('checkout logs since 9pm', { utcOffsetMinutes: -300 })).toEqual({
      commands: [{ command: 'logs.search', input: { query: 'service:checkout', start: '2026-03-09T21:00:00-05:00' } }],
    });
    expect(parse('checkout logs since 9am', { utcOffsetMinutes: -300 })).toEqual({
      commands: [{ command: 'logs.search', input: { query: 'service:checkout', start: '2026-03-10T09:00:00-05:00' } }],
    });
    expect(parse('redis errors last night', { utcOffsetMinutes: 60 })).toEqual({
      commands: [
        { command: 'logs.search', input: { query: 'service:redis level:error+', start: '2026-03-09T18:00:00+01:00', end: '2026-03-10T06:00:00+01:00' } },
      ],
    });
    expect(parse('redis 最近两小时的日志')).toEqual({ commands: [{ command: 'logs.search', input: { query: 'service:redis', range: '2h' } }] });
    expect(parse('memory of postgres over the last 90 minutes')).toEqual({
      commands: [{ command: 'metrics.query', input: { query: 'process_resident_memory_bytes{service="postgres"}', start: '2026-03-10T12:33:00+00:00' } }],
    });
    // A silence "until" a time ends at the next such time, not the last one.
    expect(parse('mute redis till 9am', { utcOffsetMinutes: -300 })).toEqual({
      commands: [
        {
          command: 'silences.create',
          input: {
            matchers: [{ name: 'service', value: 'redis' }],
            endsAt: Date.parse('2026-03-11T09:00:00-05:00'),
            comment: 'silenced until 2026-03-11T09:00:00-05:00 from the assistant',
          },
        },
      ],
    });
    expect(parse('silence DiskFull for an hour and a half')).toMatchObject({ commands: [{ input: { duration: '1h30m' } }] });
    expect(parse('证书告警静音一周')).toMatchObject({ commands: [{ input: { matchers: [{ name: 'alertname', value: 'CertExpiry' }], duration: '7d' } }] });
    expect(parse('把磁盘告警静音一个半小时')).toMatchObject({
      commands: [{ input: { matchers: [{ name: 'alertname', value: 'DiskFull' }], duration: '1h30m' } }],
    });
  });

  it('bounds what it reads: empty, huge and mixed-up input give nothing to run', () => {
    expect(parse('')).toHaveProperty('none');
    expect(parse(' \n\t ')).toHaveProperty('none');
    const huge = parse(`restart checkout ${'and redis '.repeat(5_000)}`);
    expect(huge).toEqual({ none: expect.stringMatching(/^That is 50,016 characters; a command is a sentence of at most 500\. Nothing was run\.$/) as string });
    expect(parse('!!!???')).toHaveProperty('none');
    expect(parse('the quick brown fox')).toHaveProperty('none');
    expect(parse('restart checkout; drop table users')).toMatchObject({
      question: expect.stringContaining('drop table users') as string,
      options: [{ commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] }],
    });
  });

  it('carries "it" from one command to the next and keeps the order', () => {
    expect(parse('stop frontend then start it again')).toEqual({
      commands: [
        { command: 'services.stop', input: { services: ['frontend'] } },
        { command: 'services.start', input: { services: ['frontend'] } },
      ],
    });
    expect(parse('先把 frontend 停了再启动')).toEqual({
      commands: [
        { command: 'services.stop', input: { services: ['frontend'] } },
        { command: 'services.start', input: { services: ['frontend'] } },
      ],
    });
    expect(parse('open a terminal on frontend')).toEqual({
      commands: [{ command: 'terminal.open', input: { target: { kind: 'tmux', session: 'ui', window: 'dev' }, cols: 100, rows: 30 } }],
    });
    expect(parse('shell into postgres')).toEqual({
      commands: [{ command: 'terminal.open', input: { target: { kind: 'shell', cwd: '/srv/shop/pg' }, cols: 100, rows: 30 } }],
    });
  });

  it('acknowledges the alerts it knows of by rule and service, asking when several fit', () => {
    const alerts: AlertInstance[] = [
      {
        fingerprint: '00000000000000a1',
        alertname: 'HighLatency',
        labels: { alertname: 'HighLatency', service: 'checkout' },
        state: 'firing',
        acknowledged: false,
      },
      {
        fingerprint: '00000000000000a2',
        alertname: 'HighLatency',
        labels: { alertname: 'HighLatency', service: 'frontend' },
        state: 'firing',
        acknowledged: false,
      },
      { fingerprint: '00000000000000a3', alertname: 'DiskFull', labels: { alertname: 'DiskFull', mountpoint: '/' }, state: 'firing', acknowledged: true },
    ];
    expect(parse('ack the latency alert on checkout', { alerts })).toEqual({
      commands: [{ command: 'alerts.acknowledge', input: { fingerprint: '00000000000000a1' } }],
    });
    expect(parse('ack high latency', { alerts })).toMatchObject({
      options: [{ commands: [{ input: { fingerprint: '00000000000000a1' } }] }, { commands: [{ input: { fingerprint: '00000000000000a2' } }] }],
    });
    expect(parse('ack DiskFull', { alerts })).toHaveProperty('none');
    expect(parse('ack DiskFull')).toEqual({
      none: 'No alerts are known here, so there is nothing to acknowledge (the running console knows the firing ones).',
    });
  });

  it('asks the explanation as a request the contract schema accepts', () => {
    const plan = parse('what changed before checkout got slow?');
    expect(plan).toEqual({ explain: { question: 'what_changed', service: 'checkout', symptom: 'slow' } });
    if ('explain' in plan) expect(ExplainRequestSchema.safeParse(plan.explain).success).toBe(true);
    expect(parse('为什么 redis 挂了')).toEqual({ explain: { question: 'why', service: 'redis', symptom: 'down' } });
  });

  it('scales one service to the count said, and never guesses the service or the count', () => {
    const scale = (service: string, replicas: number) => ({ commands: [{ command: 'services.scale', input: { service, replicas } }] });
    expect(parse('scale checkout to 3')).toEqual(scale('checkout', 3));
    expect(parse('scale up chekout to 4')).toEqual(scale('checkout', 4));
    expect(parse('redis with 5 replicas')).toEqual(scale('redis', 5));
    expect(parse('把 redis 扩容到 2 个副本')).toEqual(scale('redis', 2));
    expect(parse('scale checkout')).toEqual({ none: 'How many replicas? Say "scale checkout to 3".' });
    expect(parse('scale to 3')).toEqual({ none: 'Scale one service at a time, saying how many replicas: "scale web to 3".' });
    expect(parse('scale checkout and redis to 2')).toHaveProperty('none');
    // "run" (a job, which a sentence cannot do yet) and "start" do not win over a count of replicas.
    expect(parse('run 5 replicas of redis')).toEqual(scale('redis', 5));
    expect(parse('run redis with 3 instances')).toEqual(scale('redis', 3));
    expect(parse('start 4 replicas of checkout')).toEqual(scale('checkout', 4));
    expect(parse('运行 5 个 redis 副本')).toEqual(scale('redis', 5));
    expect(parse('启动 3 个 checkout 实例')).toEqual(scale('checkout', 3));
    expect(parse('让 redis 跑 2 个副本')).toEqual(scale('redis', 2));
    // Without a count of replicas, "run" asks for a job (none here) and "start" is a start.
    expect(parse('run the nightly backup')).toEqual({ none: expect.stringContaining('has no jobs') as string });
    expect(parse('start redis')).toEqual({ commands: [{ command: 'services.start', input: { services: ['redis'] } }] });
    // Scaling down stops replicas: in a confirm_destructive environment it is confirmed first.
    expect(parse('scale checkout to 1', { environment: 'prod' })).toMatchObject({ confirm: { environment: 'prod' } });
  });

  it('reads phrasings found by trying sentences the labelled set did not have', () => {
    const logs = (query: string) => ({ commands: [{ command: 'logs.search', input: { query } }] });
    expect(parse('take checkout offline')).toEqual({ commands: [{ command: 'services.stop', input: { services: ['checkout'] } }] });
    // "back up" is also a backup, which is not what "bring … back up" means.
    expect(parse('bring redis back up')).toEqual({ commands: [{ command: 'services.start', input: { services: ['redis'] } }] });
    expect(parse('bring everything back up')).toEqual({ commands: [{ command: 'services.start', input: { services: [] } }] });
    // Each level filter takes in the worse ones: "warnings and errors" is warn and worse.
    expect(parse('warnings and errors from checkout')).toEqual(logs('service:checkout level:warn+'));
    expect(parse('errors and warnings of redis')).toEqual(logs('service:redis level:warn+'));
    expect(parse('errors of redis')).toEqual(logs('service:redis level:error+'));
    expect(parse('what broke last night')).toMatchObject({ explain: { question: 'what_happened' } });
    expect(parse('is anything broken')).toEqual({ explain: { question: 'what_happened' } });
    expect(parse('昨天晚上 checkout 出了什么问题')).toMatchObject({ explain: { question: 'what_happened', service: 'checkout' } });
    expect(parse('把 redis 扩到 3 个')).toEqual({ commands: [{ command: 'services.scale', input: { service: 'redis', replicas: 3 } }] });
    expect(parse('activate prod')).toEqual({ commands: [{ command: 'workspace.setEnvironment', input: { environment: 'prod' } }] });
    // Long function words and three-letter words are mistyped too.
    expect(parse('restart evrything exept redis')).toEqual({
      commands: [{ command: 'services.restart', input: { services: ['postgres', 'checkout', 'billing-worker', 'worker-2', 'frontend'] } }],
    });
    expect(parse('shw checkout lgos')).toEqual(logs('service:checkout'));
    expect(parse('give me the last 20 lines of redis')).toEqual({ commands: [{ command: 'logs.search', input: { query: 'service:redis', limit: 20 } }] });
    expect(parse('show only fatal logs')).toEqual(logs('level:fatal+'));
    expect(parse('logs with level warn for redis')).toEqual(logs('service:redis level:warn+'));
    expect(parse('anything weird with checkout in the last hour')).toEqual({ explain: { question: 'what_happened', service: 'checkout', range: '1h' } });
    expect(parse('network traffic last hour')).toMatchObject({
      commands: [{ command: 'metrics.query', input: { query: '{__name__=~"system_network_(receive|transmit)_bytes_per_second"}' } }],
    });
    expect(parse('how slow is checkout')).toEqual({ commands: [{ command: 'metrics.query', input: { query: 'probe_duration_seconds{service="checkout"}' } }] });
    expect(parse("what's up with checkout")).toEqual({ explain: { question: 'why', service: 'checkout' } });
    expect(parse('spin down redis')).toEqual({ commands: [{ command: 'services.stop', input: { services: ['redis'] } }] });
    expect(parse('start em all')).toEqual({ commands: [{ command: 'services.start', input: { services: [] } }] });
    expect(parse('shut the disk alarm up for 4 hours')).toMatchObject({ commands: [{ command: 'silences.create', input: { duration: '4h' } }] });
    expect(parse('snooze all warnings for 1h')).toMatchObject({
      commands: [{ command: 'silences.create', input: { matchers: [{ name: 'severity', value: 'warning' }] } }],
    });
  });

  it('reads a verb placed in time as an event, never as a command: logs "since the restart" restart nothing', () => {
    const logs = (query: string) => ({ commands: [{ command: 'logs.search', input: { query } }] });
    for (const text of [
      'show checkout logs since the restart',
      'checkout logs since it was restarted',
      'logs since checkout restarted',
      'checkout logs after the last restart',
    ])
      expect(parse(text), text).toEqual(logs('service:checkout'));
    expect(parse('errors since the deploy')).toEqual(logs('level:error+'));
    expect(parse('重启 checkout 以后的日志')).toEqual(logs('service:checkout'));
    expect(parse('重启以后 checkout 的日志')).toEqual(logs('service:checkout'));
    // A verb after the Chinese time word makes it "then"; an English clause after a comma is its own command.
    expect(parse('停掉 checkout 之后启动 redis')).toEqual({
      commands: [
        { command: 'services.stop', input: { services: ['checkout'] } },
        { command: 'services.start', input: { services: ['redis'] } },
      ],
    });
    expect(parse('since redis is down, restart it')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['redis'] } }] });
  });

  it('reads a question or a report about an action as such, never as the action', () => {
    const questions = [
      'did checkout restart',
      'when did checkout restart',
      'has redis restarted',
      'is frontend restarting',
      'who stopped the checkout',
      'was redis stopped',
      'is checkout stopped',
      'when was frontend started',
      'did someone stop redis',
      'checkout 重启了吗',
      'redis 什么时候重启的',
      'was the disk alert silenced',
      'did we switch to prod',
    ];
    // Answering the question (the audit log, the logs) is fine: only what a viewer may not run acts.
    const VIEWS = new Set(['terminal.open']);
    for (const text of questions) {
      const plan = parse(text);
      const acting =
        'commands' in plan ? plan.commands.filter((command) => commands[command.command].permission !== 'view' && !VIEWS.has(command.command)) : [];
      expect(acting, text).toEqual([]);
    }
    // Asking for advice or leave is not asking for the action; what it reads as is said.
    for (const text of [
      'should I restart checkout?',
      'can I restart checkout',
      'do we need to restart redis',
      'what if I stop redis',
      '要不要重启 checkout',
      '能重启 checkout 吗',
    ]) {
      const plan = parse(text);
      expect('commands' in plan ? plan.commands : [], text).toEqual([]);
    }
    expect(parse('should I restart checkout?')).toEqual({ none: expect.stringContaining('reads as a question or a report') as string });
    // The question and the command in one sentence: only the command's part counts.
    expect(parse('is redis down? restart it')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['redis'] } }] });
    expect(parse('give redis a restart')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['redis'] } }] });
  });

  it('asks about an action said with a condition, and takes back what a correction takes back', () => {
    expect(parse("restart checkout if it's down")).toEqual({
      question: 'Zervigo does not check conditions ("if it\'s down"): restart checkout now?',
      options: [{ label: 'Restart checkout now', commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] }],
    });
    expect(parse('如果 redis 挂了就重启它')).toMatchObject({ question: expect.stringContaining('does not check conditions') as string });
    // The condition's own verb is no command: "alert me if redis stops" had created a silence.
    expect(parse('alert me if redis stops')).not.toHaveProperty('commands');
    expect(parse('stop checkout? no wait, restart it')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] });
    expect(parse('restart redis and wait')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['redis'] } }] });
    expect(parse('stop redis? wait, restart it')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['redis'] } }] });
    expect(parse('restart redis, actually stop it')).toEqual({ commands: [{ command: 'services.stop', input: { services: ['redis'] } }] });
  });

  it('shows the logs and charts of what the sentence just acted on', () => {
    const restartThen = (second: object) => ({ commands: [{ command: 'services.restart', input: { services: ['checkout'] } }, second] });
    expect(parse('restart checkout then show the logs')).toEqual(restartThen({ command: 'logs.search', input: { query: 'service:checkout' } }));
    expect(parse('重启 checkout 后再看日志')).toEqual(restartThen({ command: 'logs.search', input: { query: 'service:checkout' } }));
    expect(parse('restart checkout then show cpu')).toEqual(
      restartThen({ command: 'metrics.query', input: { query: 'process_cpu_usage_percent{service="checkout"}' } }),
    );
    expect(parse('restart checkout and then show all logs')).toEqual(restartThen({ command: 'logs.search', input: { query: '' } }));
  });

  it('takes a new intent as one definition added to the list', () => {
    const canary: IntentDefinition = {
      name: 'canary',
      triggers: ['canary', '灰度'],
      score: (clause) => (clause.has('verb:canary') ? 10 : 0),
      plan: (clause) => {
        const [service] = clause.serviceTargets().names;
        return service === undefined ? none('Deploy what?') : { kind: 'commands', commands: [{ command: 'services.restart', input: { services: [service] } }] };
      },
    };
    expect(parse('canary checkout')).toHaveProperty('none');
    const plan = parserFor(null, [], [canary, ...intents]).parse('灰度 checkout', { now: NOW, utcOffsetMinutes: 0 });
    expect(plan).toEqual({ commands: [{ command: 'services.restart', input: { services: ['checkout'] } }] });
  });

  it('produces inputs every contract schema accepts', () => {
    const texts = [
      'restart all except redis',
      'silence everything except postgres for 2h',
      'mute critical alerts 30m',
      'tail checkout logs',
      'grep "payment failed" in checkout logs from 10am to 11am',
      'cpu of all services',
      'test the pager',
      'switch to prod',
      'reset billing worker',
      'disk usage since yesterday',
      'scale checkout to 3',
    ];
    for (const text of texts) {
      const plan = parse(text);
      expect(plan, text).toHaveProperty('commands');
      for (const command of 'commands' in plan ? plan.commands : [])
        expect(commands[command.command].input.safeParse(command.input).success, `${text}: ${JSON.stringify(command)}`).toBe(true);
    }
  });
});
