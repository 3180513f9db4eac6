import { describe, expect, it } from 'vitest';
import { CommandParser, type ParseOptions } from '../../../src/core/assistant/intent/command-parser';
import { vocabularyFromWorkspace } from '../../../src/core/assistant/intent/entities/vocabulary';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { commands } from '../../../src/shared/contract';
import type { AssistantPlan } from '../../../src/shared/contract/assistant-plan';
import type { ServiceStatus } from '../../../src/shared/types/service';

/** Names unlike the labelled set's: the capability, not its vocabulary. */
const workspace = `version: 1
machine: false
services:
  ledger: { start: node ledger.js }
  billing-worker: { start: node worker.js }
  redis: { start: redis-server }
  thumbnailer: { start: node thumbs.js }
`;

/** Wednesday 2 December 2026, 15:00 UTC; the operator is at UTC+1 (16:00 local). */
const NOW = Date.parse('2026-12-02T15:00:00Z');
const OFFSET = 60;
const local = (iso: string): number => Date.parse(`${iso}+01:00`);

function parse(text: string, statuses?: Record<string, ServiceStatus>): AssistantPlan {
  const parsed = parseWorkspace(workspace, { kinds: builtinKinds, file: 'zervigo.yaml', environment: null, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const parser = new CommandParser(vocabularyFromWorkspace(parsed.workspace.config, { environment: null, workspaceDir: '/srv/books' }));
  const options: ParseOptions = { now: NOW, utcOffsetMinutes: OFFSET, ...(statuses === undefined ? {} : { serviceStatuses: () => statuses }) };
  const plan = parser.parse(text, options);
  // Whatever comes out must be what the contract accepts.
  for (const command of 'commands' in plan ? plan.commands : []) expect(commands[command.command].input.safeParse(command.input).success).toBe(true);
  return plan;
}

const statuses: Record<string, ServiceStatus> = { ledger: 'up', 'billing-worker': 'given_up', redis: 'down', thumbnailer: 'stopped' };

describe('services picked by their state', () => {
  it('restarts only the services that are down, never all of them', () => {
    const restart = { commands: [{ command: 'services.restart', input: { services: ['billing-worker', 'redis'] } }] };
    expect(parse('restart everything that crashed', statuses)).toEqual(restart);
    expect(parse('restart whatever is down', statuses)).toEqual(restart);
    expect(parse('restart the crashed services', statuses)).toEqual(restart);
    expect(parse('重启挂了的服务', statuses)).toEqual(restart);
    expect(parse('restart everything that crashed except redis', statuses)).toEqual({
      commands: [{ command: 'services.restart', input: { services: ['billing-worker'] } }],
    });
  });

  it('says so when nothing is down, and asks when the states are not known', () => {
    const plan = parse('restart whatever is down', { ledger: 'up', 'billing-worker': 'running', redis: 'up', thumbnailer: 'stopped' });
    expect(plan).toEqual({ none: 'No service is down now (2 up, 1 running, 1 stopped); nothing to restart.' });
    const asked = parse('restart everything that crashed');
    expect('question' in asked && asked.question).toBe('Which services are down is not known here: restart which?');
    expect('question' in asked && asked.options.map((option) => option.commands)).toEqual(
      ['ledger', 'billing-worker', 'redis', 'thumbnailer'].map((name) => [{ command: 'services.restart', input: { services: [name] } }]),
    );
  });

  it('leaves "down" that belongs to a verb, a name or a condition alone', () => {
    expect(parse('shut everything down', statuses)).toEqual({ commands: [{ command: 'services.stop', input: { services: [] } }] });
    expect(parse('is redis down? restart it', statuses)).toEqual({ commands: [{ command: 'services.restart', input: { services: ['redis'] } }] });
    const conditional = parse('restart everything if it crashes', statuses);
    expect('question' in conditional && conditional.question).toMatch(/does not check conditions/);
  });
});

describe('lengths and periods named by the calendar', () => {
  const silencedUntil = (plan: AssistantPlan): number | undefined => {
    const command = 'commands' in plan ? plan.commands[0] : undefined;
    return command?.command === 'silences.create' && 'endsAt' in command.input ? command.input.endsAt : undefined;
  };

  it('silences until the weekend, the day or the night is over (it had silenced for the default hour)', () => {
    expect(silencedUntil(parse('silence redis alerts for the weekend'))).toBe(local('2026-12-07T00:00:00'));
    expect(silencedUntil(parse('mute ledger for the rest of the week'))).toBe(local('2026-12-07T00:00:00'));
    expect(silencedUntil(parse('mute ledger for the rest of the day'))).toBe(local('2026-12-03T00:00:00'));
    expect(silencedUntil(parse('silence billing-worker overnight'))).toBe(local('2026-12-03T08:00:00'));
    expect(silencedUntil(parse('周末把 redis 静音'))).toBe(local('2026-12-07T00:00:00'));
    expect(silencedUntil(parse('今天别报 ledger 的警'))).toBe(local('2026-12-03T00:00:00'));
    // A length said outright wins over the calendar word beside it.
    expect(parse('今天把 ledger 静音两小时')).toMatchObject({ commands: [{ command: 'silences.create', input: { duration: '2h' } }] });
  });

  it('reads "this week", "this month" and "the weekend" as periods of logs', () => {
    const search = (text: string) => {
      const plan = parse(text);
      return 'commands' in plan && plan.commands[0]?.command === 'logs.search' ? plan.commands[0].input : undefined;
    };
    expect(search('errors from this week')).toEqual({ query: 'level:error+', start: '2026-11-30T00:00:00+01:00' });
    expect(search('redis logs this month')).toEqual({ query: 'service:redis', start: '2026-12-01T00:00:00+01:00' });
    expect(search('ledger errors over the weekend')).toEqual({
      query: 'service:ledger level:error+',
      start: '2026-11-28T00:00:00+01:00',
      end: '2026-11-30T00:00:00+01:00',
    });
    expect(search('本周的错误日志')).toEqual({ query: 'level:error+', start: '2026-11-30T00:00:00+01:00' });
  });

  it('a silence of an alert no rule has is refused with what can be silenced, not asked with no options', () => {
    const plan = parse('silence the disk alarm for the weekend');
    expect('none' in plan && plan.none).toMatch(/^Silence what until 2026-12-07T00:00:00\+01:00\? This workspace has no alert rules/);
  });
});

describe('a question about an action', () => {
  it('names the verb the operator used, not an internal name', () => {
    const plan = parse('when does the reindex run next');
    expect('none' in plan && plan.none).toMatch(/e\.g\. "run …"/);
  });
});
