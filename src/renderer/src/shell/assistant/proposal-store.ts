import { create } from 'zustand';
import type { AssistantCommand, AssistantConfirmation } from '../../../../shared/contract/assistant-plan';

/** What a sentence typed in the palette would run, waiting for the operator to agree (or not). */
export interface Proposal {
  sentence: string;
  commands: AssistantCommand[];
  confirm?: AssistantConfirmation;
  /** Where it runs: this console (LOCAL_HOST) or the agent whose pages it was typed on. */
  host: string;
}

interface ProposalState {
  proposal: Proposal | null;
}

export const useProposalStore = create<ProposalState>()(() => ({ proposal: null }));

export function propose(proposal: Proposal): void {
  useProposalStore.setState({ proposal });
}

export function dismissProposal(): void {
  useProposalStore.setState({ proposal: null });
}
