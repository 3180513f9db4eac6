import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import { DEFAULT_TERMINAL_SIZE } from '../../../../shared/types/sessions';
import type { TerminalPlace } from '../entities/vocabulary';
import { none, type ClausePlan, type IntentDefinition } from './intent';

function openTerminal(place: TerminalPlace | null): AssistantCommand {
  const target = place === null ? { kind: 'shell' as const } : place;
  return { command: 'terminal.open', input: { target, ...DEFAULT_TERMINAL_SIZE } };
}

/** "open a terminal on api", "shell into worker", "进入 db 终端": its tmux window, or a shell in its folder. */
export const openTerminalIntent: IntentDefinition = {
  name: 'terminal',
  triggers: ['attach', 'ssh', 'shell into', 'ssh into', 'attach to', 'log into', 'exec into', 'jump into', 'drop into'],
  score: (clause) => (clause.hasAny('terminal', 'verb:terminal') ? 8 : 0),
  plan(clause, context): ClausePlan {
    const targets = clause.serviceTargets();
    const ambiguous = targets.ambiguous[0];
    if (ambiguous !== undefined) {
      return {
        kind: 'question',
        question: `"${ambiguous.text}" could be ${ambiguous.candidates.join(' or ')}: which one?`,
        options: ambiguous.candidates.map((name) => ({ label: `Terminal on ${name}`, commands: [openTerminal(placeOf(clause.vocabulary.services, name))] })),
      };
    }
    const name = targets.names[0] ?? (targets.pronoun ? context.previousServices[0] : undefined);
    if (name === undefined) {
      const unknown = targets.unknown[0];
      if (unknown !== undefined) {
        if (unknown.suggestions.length === 0) return none(`There is no service "${unknown.text}" to open a terminal on.`);
        return {
          kind: 'question',
          question: `There is no service "${unknown.text}". Did you mean ${unknown.suggestions.join(' or ')}?`,
          options: unknown.suggestions.map((suggestion) => ({
            label: `Terminal on ${suggestion}`,
            commands: [openTerminal(placeOf(clause.vocabulary.services, suggestion))],
          })),
        };
      }
      return { kind: 'commands', commands: [openTerminal(null)] };
    }
    return { kind: 'commands', commands: [openTerminal(placeOf(clause.vocabulary.services, name))], services: [name] };
  },
};

function placeOf(services: readonly { name: string; terminal: TerminalPlace }[], name: string): TerminalPlace | null {
  return services.find((service) => service.name === name)?.terminal ?? null;
}
