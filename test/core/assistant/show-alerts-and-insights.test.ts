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
  ledger: { start: node ledger.js }
  billing-worker: { start: node worker.js }
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

describe('questions about alerts and insights open them (they had matched nothing)', () => {
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

  it('leaves sentences with a verb about alerts to that verb', () => {
    expect(parse('silence the alerts on ledger')).toMatchObject({ commands: [{ command: 'silences.create' }] });
    expect(parse('why is LedgerSlow firing')).toHaveProperty('explain');
    expect(parse('alert me if ledger stops')).toHaveProperty('none');
  });
});
