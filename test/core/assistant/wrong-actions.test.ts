import { describe, expect, it } from 'vitest';
import { CommandParser } from '../../../src/core/assistant/intent/command-parser';
import { vocabularyFromWorkspace } from '../../../src/core/assistant/intent/entities/vocabulary';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { describeCommand } from '../../../src/shared/assistant/describe-plan';
import { commands } from '../../../src/shared/contract';
import type { AssistantCommand, AssistantPlan } from '../../../src/shared/contract/assistant-plan';

/**
 * Sentences a fresh batch found doing the wrong thing (2026-12-06), on names unlike the labelled
 * set's: each ran something other than what was said.
 */
const workspace = `version: 1
environment: qa
environments:
  qa: {}
  prod: { confirm_destructive: true }
machine: false
services:
  ledger: { start: node ledger.js, deploy: { repo: ./repos/ledger } }
  billing-worker: { start: node worker.js }
  redis: { start: redis-server }
  thumbnailer: { start: node thumbs.js, replicas: 3 }
channels:
  ops-pager: { slack: { webhook: "http://127.0.0.1:9/slack" } }
`;

function parse(text: string, environment: string | null = null): AssistantPlan {
  const parsed = parseWorkspace(workspace, { kinds: builtinKinds, file: 'zervigo.yaml', environment, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const vocabulary = vocabularyFromWorkspace(parsed.workspace.config, { environment: parsed.workspace.environment, workspaceDir: '/srv/books' });
  const plan = new CommandParser(vocabulary).parse(text, { now: Date.parse('2026-12-02T15:00:00Z'), utcOffsetMinutes: 0 });
  for (const command of 'commands' in plan ? plan.commands : []) expect(commands[command.command].input.safeParse(command.input).success).toBe(true);
  return plan;
}

/** A parser of another workspace, at the same moment. */
function askerFor(yaml: string): (text: string) => AssistantPlan {
  const parsed = parseWorkspace(yaml, { kinds: builtinKinds, file: 'zervigo.yaml', environment: null, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const parser = new CommandParser(vocabularyFromWorkspace(parsed.workspace.config, { environment: null, workspaceDir: '/srv/shop' }));
  return (text) => parser.parse(text, { now: Date.parse('2026-12-02T15:00:00Z'), utcOffsetMinutes: 0 });
}

const restart = (...services: string[]) => ({ commands: [{ command: 'services.restart', input: { services } }] });

describe('sentences that ran something other than what was said', () => {
  it('leaves out a service said to be fine (it was restarted with the others)', () => {
    expect(parse('restart ledger, redis is fine')).toEqual(restart('ledger'));
    expect(parse('restart everything, redis looks ok')).toEqual(restart('ledger', 'billing-worker', 'thumbnailer'));
    expect(parse('restart everything but leave redis alone')).toEqual(restart('ledger', 'billing-worker', 'thumbnailer'));
    expect(parse('重启 ledger，redis 没事')).toEqual(restart('ledger'));
    expect(parse('redis 先别动，重启 ledger')).toEqual(restart('ledger'));
    expect(parse('restart ledger and redis')).toEqual(restart('ledger', 'redis'));
    // Left out by "not" or "without": one had restarted it too, the other refused the sentence as a "don't".
    expect(parse('restart ledger without touching redis')).toEqual(restart('ledger'));
    expect(parse('restart ledger but not redis')).toEqual(restart('ledger'));
    expect(parse('restart everything but not the redis')).toEqual(restart('ledger', 'billing-worker', 'thumbnailer'));
    expect(parse("don't restart redis")).toHaveProperty('none');
    expect(parse('redis 不用动，其他都重启')).toEqual(restart('ledger', 'billing-worker', 'thumbnailer'));
  });

  it('reads "X keeps restarting" as how things are, not as a restart (it restarted, then stopped)', () => {
    const stop = { commands: [{ command: 'services.stop', input: { services: ['ledger'] } }] };
    expect(parse('ledger keeps restarting, make it stop')).toEqual(stop);
    expect(parse('ledger is restarting over and over, stop it')).toEqual(stop);
    expect(parse('ledger 一直在重启，停掉它')).toEqual(stop);
    expect(parse('ledger keeps restarting')).toHaveProperty('none');
    expect(parse('restart ledger, it keeps crashing')).toEqual(restart('ledger'));
  });

  it('starts what "bring it back" names (it stopped it: "down" came before "bring")', () => {
    expect(parse('redis is down, bring it back')).toEqual({ commands: [{ command: 'services.start', input: { services: ['redis'] } }] });
    expect(parse('take redis down')).toEqual({ commands: [{ command: 'services.stop', input: { services: ['redis'] } }] });
  });

  it('reads real words as themselves, not as typos of its own (restore is not restart)', () => {
    // "restore ledger" had restarted it, "restore the ledger backup" had taken a new backup.
    for (const text of ['restore ledger', 'restore the ledger backup', 'restate the problem', 'how many 500s did redis return today', '恢复数据库备份']) {
      const plan = parse(text);
      expect('commands' in plan ? plan.commands.map((command) => command.command) : [], text).toEqual([]);
    }
    // Typos that are no words are still read: "restrat", "evrything".
    expect(parse('restrat evrything except redis')).toEqual(restart('ledger', 'billing-worker', 'thumbnailer'));
  });

  it('asks rather than acting now on what was to wait for an event (it stopped at once)', () => {
    const plan = parse('stop redis after the backup');
    expect('question' in plan && plan.question).toBe('Zervigo does not wait for events ("after the backup"): stop redis now?');
    expect(parse('restart ledger after the deploy')).toHaveProperty('question');
  });

  it('stops no service for "stop all jobs" (it stopped every service)', () => {
    expect(parse('stop all jobs')).toEqual({ none: expect.stringContaining('is about jobs, which are not services') as string });
    expect(parse('restart all the jobs')).toHaveProperty('none');
    expect(parse('stop everything')).toEqual({ commands: [{ command: 'services.stop', input: { services: [] } }] });
  });

  it('refuses a change of replicas by an amount (it scaled to the amount)', () => {
    for (const text of ['scale thumbnailer up by 2', 'give thumbnailer 2 more replicas', 'scale thumbnailer down by 1', 'thumbnailer 减少两个副本'])
      expect(parse(text)).toEqual({ none: expect.stringContaining('scales to a number of replicas in all') as string });
    expect(parse('scale thumbnailer to 2')).toEqual({ commands: [{ command: 'services.scale', input: { service: 'thumbnailer', replicas: 2 } }] });
  });

  it('restarts one replica when one is named (it restarted the whole service)', () => {
    const one = { commands: [{ command: 'services.restartReplica', input: { service: 'thumbnailer', replica: 2 } }] };
    expect(parse('restart thumbnailer replica 2')).toEqual(one);
    expect(parse('restart replica 2 of thumbnailer')).toEqual(one);
    expect(parse('重启 thumbnailer 的 2 号副本')).toEqual(one);
    expect(parse('restart replica 2')).toHaveProperty('none');
    expect(parse('restart thumbnailer replica 2', 'prod')).toMatchObject({ confirm: { environment: 'prod' } });
  });

  it('answers "what version was deployed" in Chinese from the history (it deployed)', () => {
    expect(parse('ledger 部署了什么版本')).toEqual({ commands: [{ command: 'deploys.list', input: { service: 'ledger', limit: 10 } }] });
    expect(parse('ledger 什么时候重启的')).toEqual({ commands: [{ command: 'audit.list', input: { target: 'ledger', limit: 20 } }] });
  });

  it('rolls back for "undo the last deploy" (it offered deploys)', () => {
    expect(parse('undo the last deploy of ledger')).toEqual({ commands: [{ command: 'deploys.rollback', input: { service: 'ledger' } }] });
    const asked = parse('undo the last deploy');
    expect('question' in asked && asked.options.flatMap((option) => option.commands.map((command) => command.command))).toEqual(['deploys.rollback']);
  });

  it('does not search for the word "count", nor list alerts for a service\'s page', () => {
    expect(parse('count the errors today')).toEqual({
      commands: [{ command: 'logs.search', input: { query: 'level:error+', start: '2026-12-02T00:00:00+00:00' } }],
    });
    expect(parse('open the redis page')).toEqual({ commands: [{ command: 'services.get', input: { service: 'redis' } }] });
    expect(parse('stop paging me about redis')).toMatchObject({ commands: [{ command: 'silences.create' }] });
  });
});

describe('parts of a sentence that were silently not done', () => {
  it('says a channel to notify was not understood instead of dropping it', () => {
    const plan = parse('restart ledger and notify ops-pager');
    expect(plan).toEqual({
      question: 'I cannot do "notify ops-pager". Run only the rest?',
      options: [{ label: 'Run only what was understood', ...restart('ledger') }],
    });
    expect(parse('restart ledger, then tell ops-pager')).toHaveProperty('question', 'I cannot do "tell ops-pager". Run only the rest?');
    // A channel the command uses is not left out.
    expect(parse('send a test message to ops-pager')).toEqual({ commands: [{ command: 'channels.test', input: { name: 'ops-pager' } }] });
  });

  it('says that being told when it is done is not something it does', () => {
    for (const [sentence, part] of [
      ["restart ledger and page me when it's back", "page me when it's back"],
      ['restart ledger, let me know when done', 'let me know when done'],
      ['重启 ledger，好了通知我', '通知我'],
    ]) {
      expect(parse(sentence as string), sentence).toEqual({
        question: `I cannot do "${part as string}". Run only the rest?`,
        options: [{ label: 'Run only what was understood', ...restart('ledger') }],
      });
    }
  });

  it('understands what a fresh batch missed: "spin X back up", 都重启一遍, "who touched X"', () => {
    expect(parse('spin redis back up')).toEqual({ commands: [{ command: 'services.start', input: { services: ['redis'] } }] });
    expect(parse('所有服务都重启一遍')).toEqual(restart());
    expect(parse('who touched redis today')).toEqual({ commands: [{ command: 'audit.list', input: { target: 'redis', limit: 20 } }] });
    expect(parse('谁动了 redis')).toEqual({ commands: [{ command: 'audit.list', input: { target: 'redis', limit: 20 } }] });
  });

  it('reads "throwing 500s" as statuses, not as the last 8 minutes 20 seconds', () => {
    expect(parse('ledger is throwing 500s, show me the errors')).toEqual({
      commands: [{ command: 'logs.search', input: { query: 'service:ledger level:error+ 500' } }],
    });
    expect(parse('ledger logs for the last 300s')).toEqual({ commands: [{ command: 'logs.search', input: { query: 'service:ledger', range: '5m' } }] });
  });

  it('lists the services, starts "the stack", charts errors per minute (a fresh batch missed them)', () => {
    for (const sentence of ['list all services', "what's running right now"])
      expect(parse(sentence), sentence).toEqual({ commands: [{ command: 'services.list', input: {} }] });
    expect(parse('start the whole stack')).toEqual({ commands: [{ command: 'services.start', input: { services: [] } }] });
    expect(parse('errors per minute for ledger')).toEqual({
      commands: [{ command: 'metrics.query', input: { query: 'rate(log_lines_total{service="ledger",level="error"}[5m])' } }],
    });
  });

  it('lists the incidents asked about (it did not understand them)', () => {
    expect(parse('any incidents today?')).toEqual({ commands: [{ command: 'incidents.list', input: { limit: 20 } }] });
    expect(parse('open incidents of redis')).toEqual({ commands: [{ command: 'incidents.list', input: { limit: 20, status: 'open', service: 'redis' } }] });
    expect(parse('最近的故障')).toEqual({ commands: [{ command: 'incidents.list', input: { limit: 20 } }] });
    expect(parse('why is redis down')).toHaveProperty('explain');
  });

  it('asks before doing once what was asked for several times', () => {
    for (const sentence of ['restart ledger 3 times', '重启 ledger 三次', 'restart ledger twice']) {
      const plan = parse(sentence);
      expect(plan, sentence).toHaveProperty('options', [{ label: 'Restart ledger once', ...restart('ledger') }]);
      expect('question' in plan && plan.question, sentence).toMatch(/asks for it (3 times|twice); a command runs once/);
    }
    expect(parse('restart ledger once')).toEqual(restart('ledger'));
    expect(parse('scale thumbnailer to 3')).toEqual({ commands: [{ command: 'services.scale', input: { service: 'thumbnailer', replicas: 3 } }] });
  });

  it('switches first when the environment is named without a service ("restart prod" offered restarts in qa)', () => {
    const plan = parse('restart prod');
    expect(plan).toHaveProperty('question', 'Restart which service in prod? The active environment is qa; each choice switches to prod first.');
    const options = 'options' in plan ? plan.options : [];
    expect(options[0]).toMatchObject({
      label: 'Switch to prod, then restart ledger',
      commands: [
        { command: 'workspace.setEnvironment', input: { environment: 'prod' } },
        { command: 'services.restart', input: { services: ['ledger'] } },
      ],
      confirm: { environment: 'prod' },
    });
    expect(options.every((option) => option.commands[0]?.command === 'workspace.setEnvironment')).toBe(true);
    expect(parse('restart qa')).toHaveProperty('question', 'Restart which service?');
  });

  it('offers each metric said rather than charting the first one only', () => {
    const plan = parse('show cpu and memory of ledger');
    expect(plan).toHaveProperty('question', 'A chart shows one of cpu and memory at a time. Which?');
    const options = 'options' in plan ? plan.options : [];
    expect(options.map((option) => option.commands[0])).toEqual([
      { command: 'metrics.query', input: { query: 'process_cpu_usage_percent{service="ledger"}' } },
      { command: 'metrics.query', input: { query: 'process_resident_memory_bytes{service="ledger"}' } },
      { command: 'services.get', input: { service: 'ledger' } },
    ]);
  });
});

describe('an action word that names a thing (2026-12-06, third batch)', () => {
  it('reads "restart counter", "restart loop", "重启次数" as things, not as restarts', () => {
    // Was "restart ledger": a report of a restart loop ran a restart.
    expect(parse('ledger is in a restart loop')).not.toHaveProperty('commands');
    // Was "asks to restart and to reset at once".
    expect(parse("reset ledger's restart counter")).toEqual({ commands: [{ command: 'services.reset', input: { services: ['ledger'] } }] });
    expect(parse('重置 ledger 的重启次数')).toEqual({ commands: [{ command: 'services.reset', input: { services: ['ledger'] } }] });
    expect(parse('restart ledger, then reset its restart counter')).toEqual({
      commands: [
        { command: 'services.restart', input: { services: ['ledger'] } },
        { command: 'services.reset', input: { services: ['ledger'] } },
      ],
    });
  });

  it('restarts a service whose name is such a noun', () => {
    const named = `version: 1
machine: false
services:
  counter: { start: node counter.js }
`;
    expect(askerFor(named)('restart counter')).toEqual(restart('counter'));
  });

  it("answers an action's history from the audit log, and a replica count with the service's state", () => {
    expect(parse("show ledger's restart history")).toEqual({ commands: [{ command: 'audit.list', input: { target: 'ledger', limit: 20 } }] });
    expect(parse('redis 的停止记录')).toEqual({ commands: [{ command: 'audit.list', input: { target: 'redis', action: 'stop', limit: 20 } }] });
    for (const question of ['how many replicas does thumbnailer have', "what's the replica count of thumbnailer", 'thumbnailer 有几个副本'])
      expect(parse(question), question).toEqual({ commands: [{ command: 'services.get', input: { service: 'thumbnailer' } }] });
    expect(parse('scale thumbnailer to 3 replicas')).toEqual({ commands: [{ command: 'services.scale', input: { service: 'thumbnailer', replicas: 3 } }] });
  });
});

/** The workspace of the fourth and fifth batches: a backup job named for its work (not of `backup:` kind), deployable services. */
const shop = `version: 1
machine: false
services:
  postgres: { start: postgres -D data }
  kafka: { start: kafka-server-start.sh }
  storefront: { start: npm run dev, deploy: { repo: ./repos/storefront } }
  checkout-api: { start: node checkout.js, replicas: 2, deploy: { repo: ./repos/checkout } }
  mailer: { start: node mailer.js }
jobs:
  nightly-backup: { steps: [{ exec: [pg_dump, shop] }], schedule: "0 3 * * *" }
  reindex: { steps: [{ exec: [node, reindex.js] }] }
rules:
  - alert: KafkaLag
    expr: kafka_lag > 1000
`;

describe('a fourth batch (2026-12-06, 15:30, a workspace with a job named for its work)', () => {
  const ask = askerFor(shop);

  it('never runs a backup job for a sentence that deletes backups', () => {
    // "delete the failed backup" ran db-backup, a job of `backup:` kind.
    const backups = askerFor(shop.replace('jobs:\n', 'jobs:\n  db-backup: { backup: { command: [pg_dump, app], to: ./backups } }\n'));
    for (const text of ['delete the failed backup', 'remove old backups', 'wipe the backups']) expect(backups(text), text).not.toHaveProperty('commands');
    expect(backups('back up the database now')).toHaveProperty('question');
  });

  it('reads spelt-out counts: a replica, a number of replicas, times, lines', () => {
    // Restarted every replica.
    expect(ask('restart checkout-api replica two')).toEqual({
      commands: [{ command: 'services.restartReplica', input: { service: 'checkout-api', replica: 2 } }],
    });
    // Restarted once without saying so.
    expect(ask('restart kafka three times')).toHaveProperty('question');
    expect(ask('scale checkout-api to two')).toEqual({ commands: [{ command: 'services.scale', input: { service: 'checkout-api', replicas: 2 } }] });
    // Searched the text "ten" (and "few").
    expect(ask('show the last ten errors of mailer')).toEqual({
      commands: [{ command: 'logs.search', input: { query: 'service:mailer level:error+', limit: 10 } }],
    });
    expect(ask('show the last few errors of mailer')).toEqual({ commands: [{ command: 'logs.search', input: { query: 'service:mailer level:error+' } }] });
  });

  it("asks a backup job named so (not of backup: kind) how it went; a report's service is its pronoun's", () => {
    for (const text of ["did last night's backup finish ok", 'did the backup succeed', '备份成功了吗'])
      expect(ask(text), text).toEqual({ commands: [{ command: 'jobs.runs', input: { name: 'nightly-backup', limit: 10 } }] });
    expect(ask('run the backup')).toEqual({ commands: [{ command: 'jobs.run', input: { name: 'nightly-backup' } }] });
    expect(ask('kafka looks stuck, kick it')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['kafka'] } }] });
  });
});

describe('a fifth batch (2026-12-06, 15:45, same workspace)', () => {
  const ask = askerFor(shop);

  it('reads "all the memory", "all day" as all of something else, not every service', () => {
    // Each restarted every service.
    for (const text of ['postgres is eating all the memory, restart it', 'postgres uses all the cpu, restart it', 'postgres 占满了所有内存，重启它'])
      expect(ask(text), text).toEqual({ commands: [{ command: 'services.restart', input: { services: ['postgres'] } }] });
    expect(ask('restart all the things')).toEqual({ commands: [{ command: 'services.restart', input: { services: [] } }] });
  });

  it('lists deploys for "what\'s the latest deploy", and rolls back for "undo the X deploy"', () => {
    // Deployed.
    expect(ask("what's the latest deploy of checkout-api")).toEqual({ commands: [{ command: 'deploys.list', input: { service: 'checkout-api', limit: 10 } }] });
    // Deployed storefront.
    expect(ask('undo the storefront deploy')).toEqual({ commands: [{ command: 'deploys.rollback', input: { service: 'storefront' } }] });
    // Offered deploys.
    expect(ask('show the latest deploy')).toEqual({ commands: [{ command: 'deploys.list', input: { limit: 10 } }] });
    expect(ask('give kafka a restart')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['kafka'] } }] });
    expect(ask('deploy the latest checkout-api')).toEqual({ commands: [{ command: 'deploys.start', input: { service: 'checkout-api' } }] });
  });

  it("charts a rule's series, without its threshold, when asked to show it", () => {
    // Was '"KafkaLag" is a rule here; say what to do with it'.
    expect(ask('show kafka lag')).toEqual({ commands: [{ command: 'metrics.query', input: { query: 'kafka_lag' } }] });
    expect(ask('silence kafka lag')).toMatchObject({ commands: [{ command: 'silences.create' }] });
    expect(ask('show kafka cpu')).toEqual({ commands: [{ command: 'metrics.query', input: { query: 'process_cpu_usage_percent{service="kafka"}' } }] });
  });

  it('answers "is anything down" with every service\'s state', () => {
    for (const text of ['is anything down', "what's broken", 'which services are down', '哪些服务挂了'])
      expect(ask(text), text).toEqual({ commands: [{ command: 'services.list', input: {} }] });
    expect(ask('why is kafka down')).toHaveProperty('explain');
    // A service that is not there is not every service.
    for (const text of ['is billing-api down', 'billing-api 挂了吗']) expect(ask(text), text).not.toHaveProperty('commands');
  });
});

describe('a sixth batch (2026-12-06, 16:15, Chinese, same workspace)', () => {
  const ask = askerFor(shop);

  it('counts restarts from the audit log rather than restarting', () => {
    // "mailer 重启了几次" (how many times has mailer restarted) restarted mailer.
    for (const text of ['mailer 重启了几次', 'how many times did mailer restart', 'how often does mailer restart'])
      expect(ask(text), text).toEqual({ commands: [{ command: 'audit.list', input: { target: 'mailer', limit: 20 } }] });
  });

  it('asks before acting on a state said with 就 ("restart it if it is down")', () => {
    // "checkout-api 挂了就重启" restarted checkout-api whether it was down or not.
    for (const text of ['checkout-api 挂了就重启', 'checkout-api 挂了吗？挂了就重启']) {
      const plan = ask(text);
      expect(plan, text).toHaveProperty('question', 'Zervigo does not check conditions ("挂了就重启"): restart checkout-api now?');
    }
    expect(ask('就重启 kafka 吧')).toEqual(restart('kafka'));
  });

  it('answers "is X down" with its state and "where did it go wrong" with an explanation', () => {
    for (const text of ['is checkout-api down', 'checkout-api 挂了吗', 'checkout-api 是不是挂了'])
      expect(ask(text), text).toEqual({ commands: [{ command: 'services.get', input: { service: 'checkout-api' } }] });
    expect(ask('why is checkout-api down')).toEqual({ explain: { question: 'why', service: 'checkout-api', symptom: 'down' } });
    expect(ask('帮我看看哪里出问题了')).toEqual({ explain: { question: 'what_happened' } });
  });
});

describe('a seventh batch (2026-12-06, 16:35, ops-speak, same workspace)', () => {
  const ask = askerFor(shop);

  it('reads "I\'m deploying X" and "we\'re restarting X" as reports, not requests', () => {
    // Each ran the deploy or the restart beside the silence asked for.
    expect(ask("i'm deploying storefront, mute its alerts")).toEqual({
      commands: [
        { command: 'deploys.list', input: { service: 'storefront', limit: 10 } },
        { command: 'silences.create', input: expect.objectContaining({ matchers: [{ name: 'service', value: 'storefront' }] }) as unknown },
      ],
    });
    expect(ask("we're restarting kafka, silence it")).toMatchObject({ commands: [{ command: 'silences.create' }] });
    expect(ask("we're restarting kafka, silence it")).not.toHaveProperty(['commands', 1]);
  });

  it('restarts every replica "one at a time", and only the replica said by its number', () => {
    expect(ask('restart checkout-api one replica at a time')).toEqual(restart('checkout-api'));
    expect(ask('restart checkout-api replica one')).toEqual({
      commands: [{ command: 'services.restartReplica', input: { service: 'checkout-api', replica: 1 } }],
    });
    expect(ask('gracefully restart postgres')).toEqual(restart('postgres'));
  });

  it('shows a service\'s health; "health" is never read as a typo of "halt"', () => {
    for (const text of ["check storefront's health", 'storefront health'])
      expect(ask(text), text).toEqual({ commands: [{ command: 'services.get', input: { service: 'storefront' } }] });
    expect(ask('storefront logs without healthz')).toEqual({ commands: [{ command: 'logs.search', input: { query: 'service:storefront -healthz' } }] });
  });
});

describe('what a person reads before agreeing', () => {
  it('says when a silence ends, and which replica restarts', () => {
    const endsAt = Date.parse('2026-12-07T08:00:00Z');
    const silence: AssistantCommand = {
      command: 'silences.create',
      input: { matchers: [{ name: 'service', value: 'redis' }], endsAt, comment: 'from the assistant' },
    };
    const local = new Date(endsAt - new Date(endsAt).getTimezoneOffset() * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(describeCommand(silence)).toBe(`silence service=redis until ${local}`);
    expect(describeCommand({ command: 'services.restartReplica', input: { service: 'thumbnailer', replica: 2 } })).toBe('restart replica 2 of thumbnailer');
  });
});
