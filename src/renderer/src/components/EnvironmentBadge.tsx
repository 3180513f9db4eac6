import { Badge, Tooltip } from '@mantine/core';
import { environmentColor, environmentKind } from '../format/environment-kind';

const hint = {
  production: 'Production: actions here touch real users.',
  staging: 'Staging environment.',
  other: 'Active environment.',
} as const;

/** The active environment, loud when it is production (red) or staging (yellow). */
export function EnvironmentBadge({ name, testId }: { name: string | null; testId?: string }) {
  const kind = environmentKind(name);
  return (
    <Tooltip label={name === null ? 'The workspace defines no environments.' : name.length > 14 ? `${name}: ${hint[kind]}` : hint[kind]}>
      <Badge
        data-testid={testId}
        data-kind={kind}
        color={environmentColor[kind]}
        variant={kind === 'other' ? 'outline' : 'filled'}
        size="md"
        tt="none"
        // Whole, up to a long name's first 14 or so characters (the tooltip has the rest): never squeezed to "p…".
        maw={name === null ? undefined : '16ch'}
        style={{ flex: 'none' }}
      >
        {name ?? 'no environment'}
      </Badge>
    </Tooltip>
  );
}
