import type { SpotlightActionData, SpotlightActionGroupData } from '@mantine/spotlight';
import { IconHelpHexagon, IconMessageQuestion, IconSparkles } from '@tabler/icons-react';
import { describeCommand } from '../../../../shared/assistant/describe-plan';
import type { AssistantCommand, AssistantConfirmation } from '../../../../shared/contract/assistant-plan';
import type { ExplainQuestion } from '../../components/evidence/ExplainDrawer';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { notOnAgentPages, viewPathOf } from './plan-steps';
import { propose } from './proposal-store';
import type { ParsedSentence } from './use-assistant-plan';

export const ASSISTANT_GROUP = 'Assistant';

export interface AssistantContext {
  navigate: (path: string) => void;
  explain: (question: ExplainQuestion) => void;
  /** Whose pages are shown: this console (LOCAL_HOST) or an agent, where the sentence acts. */
  host: string;
}

/** Commands that only show something open their page at once; anything else is shown and confirmed first. */
function pick(sentence: string, commands: AssistantCommand[], confirm: AssistantConfirmation | undefined, context: AssistantContext): () => void {
  const now = Date.now();
  const views = commands.map((command) => viewPathOf(command, now, context.host));
  if (views.every((view) => view !== null)) return () => context.navigate(views.at(-1) as string);
  return () => propose({ sentence, commands, ...(confirm === undefined ? {} : { confirm }), host: context.host });
}

/** On an agent's pages, why these commands cannot be done from there (null: they can). */
function whyNotHere(commands: readonly AssistantCommand[], host: string): string | null {
  if (host === LOCAL_HOST) return null;
  for (const command of commands) {
    const why = notOnAgentPages(command, host);
    if (why !== null) return why;
  }
  return null;
}

function summary(commands: readonly AssistantCommand[]): string {
  return commands.map(describeCommand).join(', then ');
}

/**
 * The palette's reading of a sentence ("restart db", "把磁盘告警静音两小时", "why is api down?"):
 * the commands it would run (picked: shown for confirmation), the options when it must ask, or
 * the explanation it asks for. Empty when the sentence means nothing to it.
 */
export function assistantActions(parsed: ParsedSentence | null, context: AssistantContext): SpotlightActionGroupData[] {
  if (parsed === null) return [];
  const { plan, text } = parsed;
  const keywords = [text];
  let actions: SpotlightActionData[] = [];
  const where = context.host === LOCAL_HOST ? '' : ` · on ${context.host}`;
  if ('commands' in plan && plan.commands.length > 0) {
    const whyNot = whyNotHere(plan.commands, context.host);
    actions = [
      {
        id: 'assistant:commands',
        label: capitalise(summary(plan.commands)),
        description:
          whyNot === null
            ? `${plan.commands.map((command) => command.command).join(' → ')}${where}${plan.confirm === undefined ? '' : ` · ${plan.confirm.message}`}`
            : `Not from ${context.host}'s pages: ${whyNot}`,
        keywords,
        leftSection: <IconSparkles size={18} stroke={1.5} />,
        onClick: whyNot === null ? pick(text, plan.commands, plan.confirm, context) : () => undefined,
        disabled: whyNot !== null,
        'data-testid': 'assistant-action',
      } as SpotlightActionData,
    ];
  } else if ('question' in plan) {
    actions = plan.options.map((option, index) => {
      const whyNot = whyNotHere(option.commands, context.host);
      return {
        id: `assistant:option:${index}`,
        label: option.label,
        description: whyNot === null ? `${plan.question} · ${summary(option.commands)}${where}` : `Not from ${context.host}'s pages: ${whyNot}`,
        keywords,
        leftSection: <IconMessageQuestion size={18} stroke={1.5} />,
        onClick: whyNot === null ? pick(text, option.commands, option.confirm, context) : () => undefined,
        disabled: whyNot !== null,
        'data-testid': 'assistant-option',
      } as SpotlightActionData;
    });
  } else if ('explain' in plan) {
    const about = plan.explain.service === undefined ? '' : ` ${plan.explain.service}`;
    actions = [
      {
        id: 'assistant:explain',
        label: `Explain${about}: ${plan.explain.question.replace('_', ' ')}`,
        description: `plain sentences from the incidents’ evidence, each linked to its chart, logs or audit entry${where}`,
        keywords,
        leftSection: <IconHelpHexagon size={18} stroke={1.5} />,
        onClick: () => context.explain(plan.explain),
        'data-testid': 'assistant-explain',
      } as SpotlightActionData,
    ];
  }
  return actions.length === 0 ? [] : [{ group: ASSISTANT_GROUP, actions }];
}

/** Why the sentence means nothing, when the assistant says so (the palette's "nothing found"). */
export function assistantNone(parsed: ParsedSentence | null): string | null {
  return parsed !== null && 'none' in parsed.plan ? parsed.plan.none : null;
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
