import { useFavicon } from '@mantine/hooks';
import { useEffect } from 'react';
import { documentTitle, healthFaviconUrl } from '../format/health-favicon';
import { useHealthStore } from '../stores/health-store';
import { useWorkspaceStore } from '../stores/workspace-store';

/** Keeps the tab's icon and title on the worst current state (UI.md: the favicon carries it). */
export function useHealthFavicon(): void {
  const health = useHealthStore((state) => state.health);
  const workspace = useWorkspaceStore((state) => state.view?.name ?? null);
  useFavicon(healthFaviconUrl(health?.level ?? 'unknown'));
  useEffect(() => {
    document.title = documentTitle(health, workspace);
  }, [health, workspace]);
}
