import type { AssistantCommand } from '../contract/assistant-plan';

/**
 * Commands a sentence may produce that stop, replace or run things, by the verb a confirmation
 * names: each is shown and agreed to before it runs, and in an environment with
 * confirm_destructive the engine wants `confirm: true` (given only once a person agreed).
 */
export const DESTRUCTIVE_VERBS: Readonly<Record<string, string>> = {
  'services.stop': 'stop',
  'services.restart': 'restart',
  'services.restartReplica': 'restart',
  'services.scale': 'scale',
  'deploys.start': 'deploy',
  'deploys.rollback': 'roll back',
  // A job's steps may stop services or delete files (its own check is finer; asking is safe).
  'jobs.run': 'run a job',
};

export function isDestructive(command: Pick<AssistantCommand, 'command'>): boolean {
  return Object.hasOwn(DESTRUCTIVE_VERBS, command.command);
}
