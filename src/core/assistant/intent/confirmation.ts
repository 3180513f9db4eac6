import type { AssistantCommand, AssistantConfirmation } from '../../../shared/contract/assistant-plan';
import { DESTRUCTIVE_VERBS } from '../../../shared/assistant/destructive-commands';
import type { EnvironmentEntity } from './entities/vocabulary';

/**
 * The confirmation a run of commands needs: stops, restarts, deploys, rollbacks and job runs in an environment with
 * confirm_destructive (the one active when they run, after any switch earlier in the list).
 */
export function confirmationFor(
  commands: readonly AssistantCommand[],
  environments: readonly EnvironmentEntity[],
  active: string | null,
): AssistantConfirmation | undefined {
  let environment = active;
  const verbs = new Set<string>();
  let asking: string | null = null;
  for (const command of commands) {
    if (command.command === 'workspace.setEnvironment') environment = command.input.environment;
    const verb = DESTRUCTIVE_VERBS[command.command];
    if (verb === undefined || environment === null) continue;
    if (environments.find((entry) => entry.name === environment)?.confirmDestructive !== true) continue;
    verbs.add(verb);
    asking ??= environment;
  }
  if (asking === null) return undefined;
  return { environment: asking, message: `${[...verbs].join(' and ')} in ${asking} (confirm_destructive): confirm before running` };
}
