import { describe, expect, it } from 'vitest';
import { CommandParser } from '../../../src/core/assistant/intent/command-parser';
import { vocabularyFromWorkspace } from '../../../src/core/assistant/intent/entities/vocabulary';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { commands } from '../../../src/shared/contract';
import type { AssistantPlan } from '../../../src/shared/contract/assistant-plan';

/** Names unlike the labelled set's: the capability, not its vocabulary. */
const workspace = `version: 1
machine: false
services:
  ledger: { start: node ledger.js, deploy: { repo: ./repos/ledger } }
  billing-worker: { start: node worker.js }
jobs:
  nightly-ledger-export: { schedule: "0 3 * * *", steps: [{ exec: [./export.sh] }] }
rules:
  - alert: LedgerSlow
    expr: probe_duration_seconds{service="ledger"} > 1
`;

function parse(text: string): AssistantPlan {
  const parsed = parseWorkspace(workspace, { kinds: builtinKinds, file: 'zervigo.yaml', environment: null, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const plan = new CommandParser(vocabularyFromWorkspace(parsed.workspace.config, { environment: null, workspaceDir: '/srv/books' })).parse(text, {
    now: Date.parse('2026-12-02T15:00:00Z'),
    utcOffsetMinutes: 0,
  });
  for (const command of 'commands' in plan ? plan.commands : []) expect(commands[command.command].input.safeParse(command.input).success).toBe(true);
  return plan;
}

describe('questions about alerts, insights and state open them (they had matched nothing, or only said they were questions)', () => {
  it("lists alerts, firing ones or one service's", () => {
    expect(parse('list the alerts that are firing')).toEqual({ commands: [{ command: 'alerts.list', input: { state: 'firing' } }] });
    expect(parse('what is firing')).toEqual({ commands: [{ command: 'alerts.list', input: { state: 'firing' } }] });
    expect(parse('any alerts on billing-worker?')).toEqual({ commands: [{ command: 'alerts.list', input: { state: 'all', service: 'billing-worker' } }] });
    expect(parse('有什么告警')).toEqual({ commands: [{ command: 'alerts.list', input: { state: 'all' } }] });
  });

  it('lists insights by kind and service', () => {
    expect(parse('is anything anomalous')).toEqual({ commands: [{ command: 'insights.list', input: { kind: 'anomaly' } }] });
    expect(parse('when will the disk be full')).toEqual({ commands: [{ command: 'insights.list', input: { kind: 'forecast' } }] });
    expect(parse('when will ledger run out of memory')).toEqual({ commands: [{ command: 'insights.list', input: { service: 'ledger', kind: 'forecast' } }] });
    expect(parse('any advice for billing-worker')).toEqual({ commands: [{ command: 'insights.list', input: { service: 'billing-worker', kind: 'advice' } }] });
    expect(parse('show insights')).toEqual({ commands: [{ command: 'insights.list', input: {} }] });
  });

  it("tells a service's state, or every service's", () => {
    const status = { commands: [{ command: 'services.get', input: { service: 'ledger' } }] };
    for (const text of ['is ledger up', 'status of ledger', 'how is ledger doing', 'is ledger running', 'ledger 状态怎么样', 'open the ledger page'])
      expect(parse(text)).toEqual(status);
    expect(parse('how is everything')).toEqual({ commands: [{ command: 'services.list', input: {} }] });
    // A state said with a name stays a question or a command about it.
    expect(parse('why is ledger down')).toHaveProperty('explain');
    expect(parse('restart ledger')).toEqual({ commands: [{ command: 'services.restart', input: { services: ['ledger'] } }] });
  });

  it("lists a job's runs, the deploys and the audit log for questions about them, and runs nothing", () => {
    const runs = { commands: [{ command: 'jobs.runs', input: { name: 'nightly-ledger-export', limit: 10 } }] };
    for (const text of [
      'did the ledger export succeed',
      'when did nightly-ledger-export last run',
      'show the last runs of the export job',
      'nightly-ledger-export 跑了没',
    ])
      expect(parse(text)).toEqual(runs);
    expect(parse('run the ledger export')).toEqual({ commands: [{ command: 'jobs.run', input: { name: 'nightly-ledger-export' } }] });
    const deploys = { commands: [{ command: 'deploys.list', input: { service: 'ledger', limit: 10 } }] };
    for (const text of ['show deploys of ledger', 'what version of ledger is running', 'when was ledger last deployed']) expect(parse(text)).toEqual(deploys);
    expect(parse('deploy ledger')).toEqual({ commands: [{ command: 'deploys.start', input: { service: 'ledger' } }] });
    expect(parse('who stopped billing-worker')).toEqual({
      commands: [{ command: 'audit.list', input: { target: 'billing-worker', action: 'stop', limit: 20 } }],
    });
    // A restart by hand is recorded as a stop and a start: all of the service's entries.
    expect(parse('who restarted ledger')).toEqual({ commands: [{ command: 'audit.list', input: { target: 'ledger', limit: 20 } }] });
    expect(parse('show the audit log')).toEqual({ commands: [{ command: 'audit.list', input: { limit: 20 } }] });
    // Nothing pauses one job: where its schedule is, instead of "say what to do with it".
    expect(parse('pause nightly-ledger-export')).toEqual({
      none: expect.stringContaining('jobs.nightly-ledger-export.schedule in the workspace file') as string,
    });
  });

  it('leaves sentences with a verb about alerts to that verb', () => {
    expect(parse('silence the alerts on ledger')).toMatchObject({ commands: [{ command: 'silences.create' }] });
    expect(parse('why is LedgerSlow firing')).toHaveProperty('explain');
    expect(parse('alert me if ledger stops')).toHaveProperty('none');
  });
});
