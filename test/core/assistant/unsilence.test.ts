import { describe, expect, it } from 'vitest';
import { CommandParser } from '../../../src/core/assistant/intent/command-parser';
import { vocabularyFromWorkspace, type SilenceInstance } from '../../../src/core/assistant/intent/entities/vocabulary';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import type { AssistantPlan } from '../../../src/shared/contract/assistant-plan';

const workspace = `version: 1
machine: false
services:
  postgres: { start: postgres -D data }
  checkout: { start: node checkout.js }
rules:
  - { alert: DiskFull, expr: 'system_disk_used_percent > 95' }
  - { alert: HighLatency, expr: 'probe_duration_seconds > 1' }
`;
const onCheckout: SilenceInstance = {
  id: '5f0c3c7e-0000-4000-8000-000000000001',
  matchers: [{ name: 'service', value: 'checkout', isRegex: false, isEqual: true }],
};
const onDisk: SilenceInstance = {
  id: '5f0c3c7e-0000-4000-8000-000000000002',
  matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
};

function parse(text: string, silences: SilenceInstance[] = [onCheckout, onDisk]): AssistantPlan {
  const parsed = parseWorkspace(workspace, { kinds: builtinKinds, file: 'zervigo.yaml', environment: null, processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  const vocabulary = vocabularyFromWorkspace(parsed.workspace.config, { environment: null, workspaceDir: '/srv', silences });
  return new CommandParser(vocabulary).parse(text, { now: Date.parse('2026-03-10T14:03:00Z'), utcOffsetMinutes: 0 });
}
const expire = (...silences: SilenceInstance[]) => ({ commands: silences.map((silence) => ({ command: 'silences.expire', input: { id: silence.id } })) });

describe('ending a silence from a sentence', () => {
  it('ends the silences in force that the sentence names, and never creates one', () => {
    expect(parse('unmute checkout')).toEqual(expire(onCheckout));
    expect(parse('remove the silence on checkout')).toEqual(expire(onCheckout));
    expect(parse('remove silence on the disk alert')).toEqual(expire(onDisk));
    expect(parse('resume alerts for checkout')).toEqual(expire(onCheckout));
    expect(parse('取消 checkout 的静音')).toEqual(expire(onCheckout));
    expect(parse('end all silences')).toEqual(expire(onCheckout, onDisk));
    // Turned back on: it had offered to start services.
    expect(parse('turn the alerts for checkout back on')).toEqual(expire(onCheckout));
    expect(parse('re-enable alerts for checkout')).toEqual(expire(onCheckout));
    for (const text of ['remove the silence on checkout', 'delete the silence of postgres', 'unmute postgres']) {
      const plan = parse(text);
      expect('commands' in plan && plan.commands.some((command) => command.command === 'silences.create'), text).toBe(false);
    }
  });

  it('asks which when none is named, and says so when none is in force', () => {
    expect(parse('unmute')).toMatchObject({
      question: 'End which silence?',
      options: [{ label: 'End the silence of service=checkout' }, { label: 'End the silence of alertname=DiskFull' }],
    });
    expect(parse('unmute postgres')).toEqual({ none: expect.stringContaining('No silence in force is about postgres') as string });
    expect(parse('unmute checkout', [])).toEqual({ none: expect.stringContaining('No silence is in force') as string });
  });
});
