import { describe, expect, it } from 'vitest';
import { CommandParser } from '../../../src/core/assistant/intent/command-parser';
import { commands, isCommandName } from '../../../src/shared/contract';
import { ExplainRequestSchema } from '../../../src/shared/contract/assistant';
import type { AssistantCommand, AssistantPlan } from '../../../src/shared/contract/assistant-plan';
import { loadPhrasingSet, matchesExpected, type PhrasingCase } from '../../fixtures/assistant/phrasing-set';

const set = loadPhrasingSet();
const parsers = new Map<string, CommandParser>();
function parse(entry: PhrasingCase): AssistantPlan {
  const key = entry.environment ?? '';
  let parser = parsers.get(key);
  if (parser === undefined) {
    parser = new CommandParser(set.vocabulary(entry.environment));
    parsers.set(key, parser);
  }
  return parser.parse(entry.text, { now: set.now, utcOffsetMinutes: set.utcOffsetMinutes });
}

function producedCommands(plan: AssistantPlan): AssistantCommand[] {
  if ('commands' in plan) return plan.commands;
  if ('options' in plan) return plan.options.flatMap((option) => option.commands);
  return [];
}

const results = set.cases.map((entry) => ({ entry, plan: parse(entry) }));
const accuracy = (split?: PhrasingCase['split']): number => {
  const chosen = results.filter((result) => split === undefined || result.entry.split === split);
  return chosen.filter((result) => matchesExpected(result.plan, result.entry.expect)).length / chosen.length;
};

describe('the labelled phrasings', () => {
  it('has at least 300 cases in English and Chinese, a fifth of them held out', () => {
    expect(set.cases.length).toBeGreaterThanOrEqual(300);
    expect(set.cases.filter((entry) => /[\u4e00-\u9fff]/.test(entry.text)).length).toBeGreaterThanOrEqual(80);
    const heldOut = set.cases.filter((entry) => entry.split === 'held-out').length / set.cases.length;
    expect(heldOut).toBeGreaterThan(0.15);
    expect(heldOut).toBeLessThan(0.25);
  });

  it('parses them with exact-match accuracy of at least 0.95 (the held-out split is reported beside it)', () => {
    const failures = results
      .filter((result) => !matchesExpected(result.plan, result.entry.expect))
      .map((result) => `${result.entry.split}: ${JSON.stringify(result.entry.text)} → ${JSON.stringify(result.plan)}`);
    const report = `all ${accuracy().toFixed(3)}, tune ${accuracy('tune').toFixed(3)}, held-out ${accuracy('held-out').toFixed(3)}`;
    expect(accuracy(), `${report}\n${failures.join('\n')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('produces only contract commands whose inputs pass the contract schemas', () => {
    const problems: string[] = [];
    for (const { entry, plan } of results) {
      for (const command of producedCommands(plan)) {
        if (!isCommandName(command.command)) {
          problems.push(`${entry.text}: ${String(command.command)} is not a contract command`);
          continue;
        }
        const parsed = commands[command.command].input.safeParse(command.input);
        if (!parsed.success) problems.push(`${entry.text}: ${command.command} ${JSON.stringify(command.input)}: ${parsed.error.message}`);
      }
      if ('explain' in plan && !ExplainRequestSchema.safeParse(plan.explain).success) problems.push(`${entry.text}: explain ${JSON.stringify(plan.explain)}`);
    }
    expect(problems).toEqual([]);
    expect(results.flatMap((result) => producedCommands(result.plan)).length).toBeGreaterThan(250);
  });

  it('never runs a stop or a restart the labels did not ask for', () => {
    const destructive = (plan: AssistantPlan): string[] =>
      'commands' in plan
        ? plan.commands
            .filter((command) => command.command === 'services.stop' || command.command === 'services.restart')
            .map((command) => JSON.stringify(command))
        : [];
    const wrong = results.filter((result) => destructive(result.plan).some((command) => !destructive(result.entry.expect as AssistantPlan).includes(command)));
    expect(wrong.map((result) => result.entry.text)).toEqual([]);
  });
});
