/**
 * What the assistant makes of a sentence: the exact contract commands it would run, a question
 * when it must ask, an explanation request, or nothing. Nothing here runs anything; the caller
 * (palette, CLI) shows the plan and runs it through the contract once the operator agrees.
 */
import type { CommandInput, CommandName } from './';
import type { ExplainRequest } from './assistant';

/** One contract command with an input its schema accepts (defaults left to the schema). */
export type AssistantCommand = { [K in CommandName]: { command: K; input: CommandInput<K> } }[CommandName];

/** Set when a command stops or restarts services in an environment with confirm_destructive. */
export interface AssistantConfirmation {
  environment: string;
  message: string;
}

export interface AssistantOption {
  label: string;
  commands: AssistantCommand[];
  confirm?: AssistantConfirmation;
}

export interface AssistantCommands {
  commands: AssistantCommand[];
  confirm?: AssistantConfirmation;
}

export interface AssistantQuestion {
  question: string;
  options: AssistantOption[];
}

export interface AssistantNothing {
  none: string;
}

/** "why is api down?": the request a later `assistant.explain` command takes (not run here). */
export interface AssistantExplain {
  explain: ExplainRequest;
}

export type AssistantPlan = AssistantCommands | AssistantQuestion | AssistantNothing | AssistantExplain;
