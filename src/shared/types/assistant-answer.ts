import type { AssistantCommand, AssistantPlan } from '../contract/assistant-plan';

/** One read-only command the model called while answering, shown so every claim can be traced. */
export interface ModelLookup {
  command: string;
  input: unknown;
  ok: boolean;
  /** Why the call failed (refused, invalid input, not a read-only command). */
  error?: string;
}

/**
 * The answer to a free-form question. The offline parser answers whatever it understands (its plan,
 * as `assistant.parse` gives it); a configured model answers the rest, having looked things up
 * through read-only commands. Nothing here has run anything that changes the workspace: proposals
 * are contract commands for the operator to confirm, like a plan's.
 */
export type AssistantAnswer =
  | {
      source: 'offline';
      plan: AssistantPlan;
      /** Why the model did not answer, when one is configured (down, slow, garbage). */
      notice?: string;
    }
  | {
      source: 'model';
      model: string;
      text: string;
      lookups: ModelLookup[];
      proposals: AssistantCommand[];
    };
