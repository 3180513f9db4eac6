import { Badge } from '@mantine/core';

/** The colour of a job run's, step's, deploy's or stage's outcome, the same on the Jobs and Deploys pages. */
export const outcomeColor: Record<string, string> = {
  succeeded: 'green',
  done: 'green',
  dry_run: 'blue',
  running: 'blue',
  failed: 'red',
  timed_out: 'red',
  rolled_back: 'orange',
  cancelled: 'gray',
  skipped: 'gray',
  refused: 'gray',
  interrupted: 'gray',
  pending: 'gray',
};

/** An outcome as a word on its colour ("rolled back" on orange). */
export function OutcomeBadge({ value }: { value: string }) {
  return (
    <Badge size="sm" variant="light" color={outcomeColor[value] ?? 'gray'}>
      {value.replace('_', ' ')}
    </Badge>
  );
}
