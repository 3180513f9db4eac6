import { Anchor, Group } from '@mantine/core';
import type { EvidenceLink } from '../../../../shared/types/incidents';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { evidenceLabel, evidencePath } from '../../format/evidence-link';
import { usePageHref } from '../use-page-href';
import { useNow } from '../../stores/clock-store';
import { useShownHost } from '../../stores/host-feeds';
import { WorkspaceDiffToggle } from './WorkspaceDiffToggle';

/**
 * Where a claim can be checked, as links: its chart, log lines, audit entry or alert open the page
 * that shows them (with the range and filter set); a workspace version's diff unfolds in place.
 * On an agent's pages they stay on the agent: its audit and alerts pages, its log lines; a chart
 * opens Explore, which is this console's own series, so there it is not offered.
 * `onFollow` runs before a link is followed (a drawer closes itself).
 */
export function EvidenceLinks({ links, onFollow }: { links: readonly EvidenceLink[]; onFollow?: () => void }) {
  const now = useNow();
  const href = usePageHref();
  const host = useShownHost((state) => state.host);
  const shown = host === LOCAL_HOST ? links : links.filter((link) => link.kind !== 'chart');
  if (shown.length === 0) return null;
  return (
    <Group gap="xs" wrap="wrap" component="span" display="inline-flex" ml={4}>
      {shown.map((link, index) => {
        if (link.kind === 'workspace')
          return <WorkspaceDiffToggle key={`${link.kind}-${index}`} versionId={link.versionId} previousVersionId={link.previousVersionId} />;
        const path = evidencePath(link, now, host) ?? '/';
        // The Logs page is this console's, told the host (host=); audit entries and alerts are pages an agent's pages have.
        const target = link.kind === 'logs' ? `#${path}` : href(path);
        return (
          <Anchor key={`${link.kind}-${index}`} href={target} size="sm" onClick={onFollow} data-evidence-link={link.kind} data-tap>
            {evidenceLabel(link)}
          </Anchor>
        );
      })}
    </Group>
  );
}
