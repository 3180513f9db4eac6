import { Anchor, Group } from '@mantine/core';
import type { EvidenceLink } from '../../../../shared/types/incidents';
import { evidenceLabel, evidencePath } from '../../format/evidence-link';
import { useNow } from '../../stores/clock-store';
import { WorkspaceDiffToggle } from './WorkspaceDiffToggle';

/**
 * Where a claim can be checked, as links: its chart, log lines, audit entry or alert open the page
 * that shows them (with the range and filter set); a workspace version's diff unfolds in place.
 * `onFollow` runs before a link is followed (a drawer closes itself).
 */
export function EvidenceLinks({ links, onFollow }: { links: readonly EvidenceLink[]; onFollow?: () => void }) {
  const now = useNow();
  if (links.length === 0) return null;
  return (
    <Group gap="xs" wrap="wrap" component="span" display="inline-flex" ml={4}>
      {links.map((link, index) => {
        if (link.kind === 'workspace')
          return <WorkspaceDiffToggle key={`${link.kind}-${index}`} versionId={link.versionId} previousVersionId={link.previousVersionId} />;
        const path = evidencePath(link, now);
        return (
          <Anchor key={`${link.kind}-${index}`} href={`#${path ?? '/'}`} size="sm" onClick={onFollow} data-evidence-link={link.kind} data-tap>
            {evidenceLabel(link)}
          </Anchor>
        );
      })}
    </Group>
  );
}
