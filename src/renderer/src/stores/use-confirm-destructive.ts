import { useWorkspaceStore } from './workspace-store';

/** The active environment, and whether it asks before destructive actions (confirm_destructive: true); when it asks, it has a name. */
export type DestructiveConfirmation = { asks: true; environment: string } | { asks: false; environment: string | null };

export function useConfirmDestructive(): DestructiveConfirmation {
  const view = useWorkspaceStore((state) => state.view);
  const environment = view?.environment ?? null;
  if (environment !== null && view?.environments.find((entry) => entry.name === environment)?.confirmDestructive === true) return { asks: true, environment };
  return { asks: false, environment };
}
